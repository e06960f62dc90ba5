namespace Headroom.Ingest;

/// <summary>Keeps every run whole (<see cref="LogIngest.Read"/>).</summary>
internal sealed class RunLogConsumer : ILogConsumer
{
    private readonly RunLogSink _sink = new();

    public IReadOnlyList<RunLog> All => _sink.Runs;

    public int Runs => _sink.Runs.Count;

    public void Consume(ILogReader reader, string path, ReaderOptions options) => RunStreams.Stream(reader, path, options, _sink);
}
