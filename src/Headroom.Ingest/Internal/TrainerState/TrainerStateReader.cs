using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Headroom.Ingest;

/// <summary>
/// Hugging Face Trainer / TRL / LLaMA-Factory `trainer_state.json`. Given a file, reads it; given a run folder (a
/// `trainer_state.json` at its root and/or `checkpoint-N/trainer_state.json` folders), reads them as one run. Each
/// checkpoint carries the history before it, so the newest state holds the run's history: files are read newest
/// first (by `global_step`, the root first on a tie), and an older one adds only the steps beyond those the newer
/// ones reached (a newer state cut short, or a crash before its save). Each file is read on its own: a damaged one
/// (empty, binary, cut before its history, not an HF state) is reported and skipped under the lenient policy, and
/// the run is built from the others. Every numeric key of every `log_history` entry is a series (the final
/// summary's `train_loss`, `train_runtime`... too); the top-level `total_flos` and a non-zero
/// `num_input_tokens_seen` add a point at each file's `global_step`, so checkpoints give a cumulative FLOPs series.
/// A FLOPs count of 0 (a trainer that does not count them) is treated as absent. Other top-level fields of the
/// newest readable state become metadata. Files are parsed as streams: a state of any size reads in bounded memory.
/// </summary>
internal sealed partial class TrainerStateReader : ILogReader, IStreamingReader
{
    public const string FileName = "trainer_state.json";

    private const int PeekBytes = 4096;

    public string Format => Formats.TrainerState;

    public bool CanRead(string path)
    {
        if (Directory.Exists(path))
        {
            return StateFiles(path).Any();
        }

        if (!File.Exists(path))
        {
            return false;
        }

        if (System.IO.Path.GetFileName(path) == FileName)
        {
            return true;
        }

        return Sniff(path);
    }

    /// <summary>True when the start of a file is a JSON object with a `log_history` key (HF sorts keys, so it comes early).</summary>
    internal static bool Sniff(string path)
    {
        var head = FilePeek.Head(path, PeekBytes);
        return head.TrimStart().StartsWith('{') && head.Contains("\"log_history\"", StringComparison.Ordinal);
    }

    public IEnumerable<string> Claims(string path)
    {
        if (!Directory.Exists(path))
        {
            return [path];
        }

        var checkpointFiles = CheckpointFolders(path).SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories));
        var rootFiles = new[] { FileName, "all_results.json", "train_results.json", "eval_results.json" }
            .Select(name => System.IO.Path.Combine(path, name))
            .Where(File.Exists);
        return [.. rootFiles, .. checkpointFiles];
    }

    public IReadOnlyList<RunLog> Read(string path, ReaderOptions options) => RunStreams.Materialize(sink => Stream(path, options, sink));

    public void Stream(string path, ReaderOptions options, IRunSink sink)
    {
        path = System.IO.Path.TrimEndingDirectorySeparator(path);
        var isFolder = Directory.Exists(path);
        if (!isFolder && !File.Exists(path))
        {
            throw IngestException.NotFound(path);
        }

        var files = isFolder ? StateFiles(path).ToList() : [path];
        if (files.Count == 0)
        {
            throw IngestException.EmptyFolder(path);
        }

        var run = sink.Begin(Format, path, RunName(isFolder ? path : System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!), options);
        var newestFirst = files
            .Select(file => (File: file, Step: PeekGlobalStep(file), Root: System.IO.Path.GetDirectoryName(file) == path))
            .OrderByDescending(file => file.Step)
            .ThenByDescending(file => file.Root)
            .ToList();
        var read = new List<(TrainerStateFile File, int Order)>();
        var damaged = new List<IngestException>();
        long? covered = null;
        foreach (var (file, _, _) in newestFirst)
        {
            var reachedHere = covered;
            var inferred = 0;
            long? previousStep = null;
            try
            {
                var parsed = TrainerStateFile.Read(file, run, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (entry) =>
                {
                    if (EntryStep(entry, previousStep, run, file) is not { } step)
                    {
                        return;
                    }

                    inferred += entry.HasStep ? 0 : 1;
                    previousStep = step;
                    if (reachedHere is { } newer && step <= newer)
                    {
                        return;
                    }

                    covered = Math.Max(covered ?? long.MinValue, step);
                    AddEntry(run, entry, step, file);
                });
                read.Add((parsed, read.Count));
                if (inferred > 0)
                {
                    run.Metadata.TryAdd("log_history_entries_without_step", $"{inferred} (each given the step of the entry before it)");
                }
            }
            catch (IngestException exception) when (options.BadRecords == BadRecordPolicy.Lenient && isFolder)
            {
                damaged.Add(exception);
                run.Skip($"damaged state skipped, the run is built from the others: {exception.Message.TrimEnd('.')}", file);
            }
        }

        if (read.Count == 0)
        {
            throw damaged[0];
        }

        AddTopLevel(run, read.Select(r => r.File).ToList());
        if (isFolder)
        {
            run.Metadata["files"] = read.Count.ToString(CultureInfo.InvariantCulture);
            run.Metadata["checkpoints"] = string.Join(", ", read.Select(r => r.File).Where(f => f.GlobalStep.HasValue && System.IO.Path.GetDirectoryName(f.Path) != path).Select(f => f.GlobalStep).Order());
            if (damaged.Count > 0)
            {
                run.Metadata["damaged_files"] = damaged.Count.ToString(CultureInfo.InvariantCulture);
            }

            ReadResultFiles(path, run);
        }

        sink.End(run);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long? EntryStep(TrainerStateEntry entry, long? previousStep, RunBuilder run, string file)
    {
        if (entry.Step is { } stepValue && Numbers.TryStep(stepValue, out var step))
        {
            return step;
        }

        if (!entry.HasStep && previousStep is { } previous)
        {
            // Entries appended by a callback (e.g. predict metrics after an evaluation) carry no step; they
            // were logged at the step of the entry before them.
            return previous;
        }

        var line = entry.Line;
        run.Fault("log_history entry without an integral step", RunBuilder.AtLine(file, line),
            () => IngestException.Malformed(file, line, "a log_history entry has no integral \"step\""));
        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddEntry(RunBuilder run, TrainerStateEntry entry, long step, string file)
    {
        foreach (var (key, value) in entry.Values)
        {
            if (value == 0 && run.Keys[key] == "total_flos")
            {
                run.Skip(UncountedFlops.Reason, RunBuilder.AtLine(file, entry.Line));
                continue;
            }

            run.Add(key, step, value);
        }

        foreach (var reason in entry.Skips)
        {
            run.Skip(reason, RunBuilder.AtLine(file, entry.Line));
        }
    }

    /// <summary>
    /// Metadata from the newest state that has each field, and the per-file points of `total_flos` and
    /// `num_input_tokens_seen` in step order (oldest file first, so on a tie the newer file's value is the last written).
    /// </summary>
    private static void AddTopLevel(RunBuilder run, List<TrainerStateFile> newestFirst)
    {
        foreach (var file in newestFirst)
        {
            foreach (var (name, value) in file.MetadataEntries)
            {
                run.Metadata.TryAdd(name, value);
            }
        }

        run.Metadata["log_history_entries"] = newestFirst[0].Entries.ToString(CultureInfo.InvariantCulture);
        foreach (var file in newestFirst.AsEnumerable().Reverse().Where(f => f.GlobalStep.HasValue).OrderBy(f => f.GlobalStep))
        {
            var location = file.Path;
            if (file.TryNumber("total_flos", out var totalFlos))
            {
                AddNumber(run, "total_flos", file.GlobalStep!.Value, totalFlos, location);
            }

            if (file.TryNumber("num_input_tokens_seen", out var tokens) && tokens > 0)
            {
                run.Add("num_input_tokens_seen", file.GlobalStep!.Value, tokens);
            }
        }
    }

    private static void AddNumber(RunBuilder run, string key, long step, double value, string location)
    {
        if (value == 0 && key == "total_flos")
        {
            run.Skip(UncountedFlops.Reason, location);
            return;
        }

        run.Add(key, step, value);
    }

    private static void ReadResultFiles(string folder, RunBuilder run)
    {
        foreach (var name in new[] { "all_results.json", "train_results.json", "eval_results.json" })
        {
            var file = System.IO.Path.Combine(folder, name);
            if (!File.Exists(file))
            {
                continue;
            }

            try
            {
                using var result = PythonJsonReader.Parse(File.ReadAllBytes(file));
                if (result.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object)
                {
                    run.Skip($"unreadable {name} (not a JSON object)", file);
                    continue;
                }

                foreach (var property in result.RootElement.EnumerateObject().Where(p => p.Value.ValueKind is not (System.Text.Json.JsonValueKind.Object or System.Text.Json.JsonValueKind.Array)))
                {
                    run.Metadata[$"{System.IO.Path.GetFileNameWithoutExtension(name)}.{property.Name}"] = PythonJsonReader.Text(property.Value);
                }
            }
            catch (System.Text.Json.JsonException)
            {
                run.Skip($"unreadable {name} (not JSON)", file);
            }
        }
    }

    /// <summary>
    /// A state's `global_step` from its first bytes (HF sorts keys, so it precedes `log_history`), else the number of
    /// its `checkpoint-N` folder, else the newest (a root state without one is the final save).
    /// </summary>
    private static long PeekGlobalStep(string file)
    {
        var match = GlobalStepField().Match(FilePeek.Head(file, PeekBytes));
        if (match.Success && long.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var step))
        {
            return step;
        }

        var folder = System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(file) ?? string.Empty);
        return CheckpointName().IsMatch(folder) && long.TryParse(folder["checkpoint-".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var fromName)
            ? fromName
            : long.MaxValue;
    }

    /// <summary>The run's name: its folder, or the folder above a `checkpoint-N` folder.</summary>
    internal static string RunName(string folder)
    {
        var full = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(folder));
        var name = System.IO.Path.GetFileName(full);
        return CheckpointName().IsMatch(name) && System.IO.Path.GetDirectoryName(full) is { } parent
            ? System.IO.Path.GetFileName(parent)
            : name;
    }

    private static IEnumerable<string> StateFiles(string folder)
    {
        var root = System.IO.Path.Combine(folder, FileName);
        if (File.Exists(root))
        {
            yield return root;
        }

        foreach (var checkpoint in CheckpointFolders(folder))
        {
            var file = System.IO.Path.Combine(checkpoint, FileName);
            if (File.Exists(file))
            {
                yield return file;
            }
        }
    }

    private static IEnumerable<string> CheckpointFolders(string folder)
        => Directory.EnumerateDirectories(folder)
            .Where(dir => CheckpointName().IsMatch(System.IO.Path.GetFileName(dir)))
            .Order(StringComparer.Ordinal);

    [GeneratedRegex("^checkpoint-[0-9]+$")]
    internal static partial Regex CheckpointName();

    [GeneratedRegex("^\\s*\"global_step\"\\s*:\\s*(?<n>[0-9]+)\\s*,?\\s*$", RegexOptions.Multiline)]
    private static partial Regex GlobalStepField();
}
