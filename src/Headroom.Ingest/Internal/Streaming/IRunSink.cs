namespace Headroom.Ingest;

/// <summary>
/// Receives the runs a reader reads. The reader asks for a <see cref="RunBuilder"/> when a run begins (the sink
/// chooses where its points go) and hands it back when the run is complete; a run never handed back (the reader
/// failed inside it) is dropped.
/// </summary>
internal interface IRunSink
{
    RunBuilder Begin(string format, string path, string name, ReaderOptions options);

    void End(RunBuilder run);
}
