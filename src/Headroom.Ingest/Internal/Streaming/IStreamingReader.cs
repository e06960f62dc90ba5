namespace Headroom.Ingest;

/// <summary>A reader that can hand its runs to a sink point by point, so no run is ever held whole.</summary>
internal interface IStreamingReader
{
    /// <summary>Reads every run at <paramref name="path"/> into <paramref name="sink"/>; throws <see cref="IngestException"/> like <see cref="ILogReader.Read"/>.</summary>
    void Stream(string path, ReaderOptions options, IRunSink sink);
}
