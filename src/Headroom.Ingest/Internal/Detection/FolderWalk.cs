namespace Headroom.Ingest;

/// <summary>The walk behind <see cref="LogIngest.Read"/>: detection, claiming, and the list of what was not recognised.</summary>
internal sealed class FolderWalk(ReaderOptions options, IReadOnlyList<ILogReader> readers)
{
    private readonly HashSet<string> _claimed = new(StringComparer.Ordinal);

    public List<RunLog> Runs { get; } = [];

    public List<string> Unrecognised { get; } = [];

    public List<IngestFailure> Failures { get; } = [];

    public void ReadNamed(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (options.FormatHint is { } hint)
        {
            var reader = readers.Concat(LogReaders.Generic).FirstOrDefault(r => r.Format == hint)
                ?? throw IngestException.UnknownReader(hint, readers.Concat(LogReaders.Generic).Select(r => r.Format).Distinct());
            if (!File.Exists(full) && !Directory.Exists(full))
            {
                throw IngestException.NotFound(path);
            }

            ReadWith(reader, full, named: true);
            return;
        }

        if (File.Exists(full))
        {
            var reader = readers.FirstOrDefault(r => r.CanRead(full)) ?? throw IngestException.UnknownFormat(path);
            ReadWith(reader, full, named: true);
            return;
        }

        if (!Directory.Exists(full))
        {
            throw IngestException.NotFound(path);
        }

        var before = Runs.Count;
        var failuresBefore = Failures.Count;
        Walk(full);
        if (Runs.Count == before && Failures.Count == failuresBefore)
        {
            throw IngestException.EmptyFolder(path);
        }
    }

    private void Walk(string folder)
    {
        if (HasUnclaimedFiles(folder))
        {
            foreach (var reader in readers)
            {
                if (SafeCanRead(reader, folder) && reader.Claims(folder).Any(file => !_claimed.Contains(file)))
                {
                    ReadWith(reader, folder, named: false);
                }
            }
        }

        foreach (var file in Entries(Directory.EnumerateFiles(folder)))
        {
            if (_claimed.Contains(file))
            {
                continue;
            }

            var reader = readers.FirstOrDefault(r => SafeCanRead(r, file));
            if (reader is null)
            {
                Unrecognised.Add(file);
                _claimed.Add(file);
            }
            else
            {
                ReadWith(reader, file, named: false);
            }
        }

        foreach (var sub in Entries(Directory.EnumerateDirectories(folder)))
        {
            if (new DirectoryInfo(sub).LinkTarget is null)
            {
                Walk(sub);
            }
        }
    }

    private void ReadWith(ILogReader reader, string path, bool named)
    {
        foreach (var file in reader.Claims(path))
        {
            _claimed.Add(file);
        }

        try
        {
            Runs.AddRange(reader.Read(path, options).Select(run => LogIngest.Canonicalise(run, options.Names)));
        }
        catch (IngestException exception) when (!named && options.BadRecords == BadRecordPolicy.Lenient)
        {
            Failures.Add(new IngestFailure(path, reader.Format, exception.Message));
        }
    }

    private bool HasUnclaimedFiles(string folder)
        => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Any(file => !_claimed.Contains(file));

    private static bool SafeCanRead(ILogReader reader, string path)
    {
        try
        {
            return reader.CanRead(path);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static IEnumerable<string> Entries(IEnumerable<string> paths)
        => paths.Where(p => !Path.GetFileName(p).StartsWith('.')).Order(StringComparer.Ordinal);
}
