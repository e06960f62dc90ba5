namespace Headroom.Ingest;

/// <summary>A sink that keeps every run whole, as <see cref="ILogReader.Read"/> returns them.</summary>
internal sealed class RunLogSink : IRunSink
{
    public List<RunLog> Runs { get; } = [];

    public RunBuilder Begin(string format, string path, string name, ReaderOptions options)
        => new(format, path, name, options, _ => new PointLists());

    public void End(RunBuilder run) => Runs.Add(((PointLists)run.Store).Build(run));
}
