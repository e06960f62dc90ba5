namespace Headroom.Ingest;

/// <summary>
/// The walk behind <see cref="LogIngest"/>: detection, claiming, the list of what was not recognised, and the logs
/// that failed. Each log is read on its own: under the lenient policy one that fails is listed and the walk goes
/// on; under the strict policy the first failure is thrown.
/// </summary>
internal sealed class FolderWalk(ReaderOptions options, IReadOnlyList<ILogReader> readers, ILogConsumer consumer)
{
    private readonly HashSet<string> _claimed = new(StringComparer.Ordinal);
    private readonly List<IngestException> _errors = [];

    public List<string> Unrecognised { get; } = [];

    public List<IngestFailure> Failures { get; } = [];

    /// <summary>Reads every path; throws when nothing readable was found in any of them (see <see cref="NothingReadable"/>).</summary>
    public void ReadAll(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            try
            {
                ReadNamed(path);
            }
            catch (IngestException exception) when (options.BadRecords == BadRecordPolicy.Lenient)
            {
                Fail(path, "-", exception);
            }
        }

        if (consumer.Runs == 0)
        {
            throw NothingReadable();
        }
    }

    private void ReadNamed(string path)
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

        var before = consumer.Runs;
        var failuresBefore = Failures.Count;
        Walk(full);
        if (consumer.Runs == before && Failures.Count == failuresBefore)
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
            consumer.Consume(reader, path, options);
        }
        catch (IngestException exception) when (!named && options.BadRecords == BadRecordPolicy.Lenient)
        {
            Fail(path, reader.Format, exception);
        }
    }

    private void Fail(string path, string format, IngestException exception)
    {
        _errors.Add(exception);
        Failures.Add(new IngestFailure(path, format, exception.Message));
    }

    /// <summary>The one-line error when no run was read: the only failure itself, or the first of several with their count.</summary>
    private IngestException NothingReadable()
        => _errors.Count switch
        {
            0 => IngestException.NothingReadable(Unrecognised.Count),
            1 => _errors[0],
            _ => IngestException.NothingReadable(_errors[0].Message, _errors.Count),
        };

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
