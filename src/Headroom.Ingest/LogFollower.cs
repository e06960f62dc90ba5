namespace Headroom.Ingest;

/// <summary>
/// Follows the logs of one live run as the trainer writes them: each <see cref="Poll"/> reads only what was written
/// since the previous one and returns the new points. A new `trainer_state.json` (the Trainer writes one per
/// checkpoint) is read once, when it parses; a JSON-lines log (LLaMA-Factory, ms-swift, verl) gives the complete
/// lines appended to it; a TensorBoard event file gives the records appended to it. What the writer has not
/// finished (a checkpoint state caught mid-write, a last line without its line break, a record cut short) is left
/// for a later poll, never counted as bad. A file that was rewritten or truncated is read again from its start,
/// and the poll says so. Logs written in other ways (W&amp;B's files) are not followed; the poll that finds them
/// says so once.
/// </summary>
/// <remarks>
/// A poll lists the folder (names and sizes only) and reads the bytes of files that grew; its cost is the new
/// data, not the size of the logs (<see cref="FollowUpdate.BytesRead"/>). Points of the same key and step read
/// twice (a file read again after a rewrite, a checkpoint repeating the history before it) are all returned;
/// the later one is the current value.
/// </remarks>
public sealed class LogFollower
{
    private static readonly EnumerationOptions _walk = new() { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden };
    private readonly Dictionary<string, IFollowedSource> _sources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _unrecognised = new(StringComparer.Ordinal);
    private readonly ReaderOptions _options;

    /// <summary>Follows the run folder or log file at <paramref name="path"/>; nothing is read until <see cref="Poll"/>.</summary>
    public LogFollower(string path, ReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        Path = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(path));
        _options = options ?? ReaderOptions.Default;
    }

    /// <summary>The run folder or log file followed.</summary>
    public string Path { get; }

    /// <summary>
    /// True once the run has written what trainers write when training ends: `all_results.json` or
    /// `train_results.json` in the run folder (HF Trainer, TRL, LLaMA-Factory), or the run folder's own
    /// `trainer_state.json` beside its checkpoints.
    /// </summary>
    public bool TrainingEnded { get; private set; }

    /// <summary>
    /// Reads what was written since the last poll. Throws <see cref="IngestException"/> when the path does not
    /// exist (it may appear later: catch and poll again to wait for it).
    /// </summary>
    public FollowUpdate Poll()
    {
        if (!File.Exists(Path) && !Directory.Exists(Path))
        {
            throw IngestException.NotFound(Path);
        }

        var poll = new FollowPoll(_options);
        Discover(poll);
        var runs = new List<RunLog>();
        foreach (var source in _sources.Values.OrderBy(s => s.Path, StringComparer.Ordinal))
        {
            if (File.Exists(source.Path) && source.Poll(poll) is { } run)
            {
                runs.Add(LogIngest.Canonicalise(run, _options.Names));
            }
        }

        TrainingEnded = Directory.Exists(Path)
            && (File.Exists(System.IO.Path.Combine(Path, "all_results.json"))
                || File.Exists(System.IO.Path.Combine(Path, "train_results.json"))
                || (File.Exists(System.IO.Path.Combine(Path, TrainerStateReader.FileName)) && Directory.EnumerateDirectories(Path, "checkpoint-*").Any()));
        return new FollowUpdate(runs, poll.Notes, poll.BytesRead);
    }

    private void Discover(FollowPoll poll)
    {
        var files = File.Exists(Path) ? [Path] : Directory.EnumerateFiles(Path, "*", _walk);
        foreach (var file in files)
        {
            if (_sources.ContainsKey(file))
            {
                continue;
            }

            var length = new FileInfo(file).Length;
            if (length == 0 || (_unrecognised.TryGetValue(file, out var tried) && tried == length))
            {
                continue;
            }

            if (Classify(file) is { } source)
            {
                _sources[file] = source;
                _unrecognised.Remove(file);
                continue;
            }

            if (!_unrecognised.ContainsKey(file) && OtherLog(file) is { } format)
            {
                poll.Notes.Add($"{file}: a {format} log is read whole, not followed live; `headroom inspect` reads it.");
            }

            _unrecognised[file] = length;
        }
    }

    private IFollowedSource? Classify(string file)
    {
        if (System.IO.Path.GetFileName(file) == TrainerStateReader.FileName)
        {
            return new CheckpointStateSource(file);
        }

        if (TensorBoardReader.IsEventFile(file))
        {
            return new EventFileSource(file, Formats.TensorBoard);
        }

        var appended = LogIngest.Readers(_options).FirstOrDefault(r => _appendedFormats.Contains(r.Format) && r.CanRead(file));
        return appended is null ? null : new AppendedLinesSource(file, appended);
    }

    private static readonly HashSet<string> _appendedFormats = [Formats.LlamaFactory, Formats.MsSwift, Formats.VerlJsonl, Formats.GenericJsonl];

    // The format of a log this follower does not follow, to say so once; null for files that are not logs.
    private static string? OtherLog(string file)
    {
        var reader = LogReaders.All.FirstOrDefault(r => r.CanRead(file));
        return reader?.Format;
    }
}
