namespace Headroom.Ingest;

/// <summary>A reader of one trainer log format.</summary>
public interface ILogReader
{
    /// <summary>The format name reported in <see cref="RunLog.Format"/>.</summary>
    string Format { get; }

    /// <summary>True when the file or folder at <paramref name="path"/> looks like this format (cheap: name and first bytes).</summary>
    bool CanRead(string path);

    /// <summary>Reads every run at <paramref name="path"/>. Throws <see cref="IngestException"/> for unreadable input.</summary>
    IReadOnlyList<RunLog> Read(string path, ReaderOptions options);

    /// <summary>
    /// The files that reading <paramref name="path"/> consumes, so that a folder walk does not offer them to
    /// other readers or report them as unrecognised. The default is the file itself, or every file under the
    /// folder; a reader of a folder that may hold other logs (an HF run folder holding TensorBoard `runs/`)
    /// names only its own files.
    /// </summary>
    IEnumerable<string> Claims(string path)
        => Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
            : [path];
}
