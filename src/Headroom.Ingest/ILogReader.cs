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
}
