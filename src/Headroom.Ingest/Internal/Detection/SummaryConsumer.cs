namespace Headroom.Ingest;

/// <summary>
/// Summarises every run (<see cref="LogIngest.Summarise"/>) in one streaming pass per log; a log with a long series
/// whose steps went back is read a second time for those series alone, to merge them exactly.
/// </summary>
internal sealed class SummaryConsumer : ILogConsumer
{
    public List<RunSummary> All { get; } = [];

    public int Runs => All.Count;

    public void Consume(ILogReader reader, string path, ReaderOptions options)
    {
        var sink = new SummarySink();
        try
        {
            RunStreams.Stream(reader, path, options, sink);
            if (sink.NeedsPoints.Any(keys => keys.Count > 0))
            {
                var again = new KeyCollector(sink.NeedsPoints);
                RunStreams.Stream(reader, path, options, again);
                for (var run = 0; run < Math.Min(again.Runs.Count, sink.Runs.Count); run++)
                {
                    sink.Patch(run, again.Runs[run]);
                }
            }
        }
        finally
        {
            All.AddRange(sink.Runs);
        }
    }
}
