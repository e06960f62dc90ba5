namespace Headroom.Ingest;

/// <summary>
/// Writes every run to the tidy table as it streams. Each log is read twice: once for running summaries (the run's
/// keys, so canonical names are decided for the whole run, and which keys have steps out of order), then again to
/// write its rows (the whole-file text checks of the first reading kept for the second); no run is ever held whole.
/// </summary>
internal sealed class TableConsumer(ITidyWriter writer) : ILogConsumer
{
    private readonly RunLabeller _labels = new();

    public List<RunSummary> All { get; } = [];

    public int Runs => All.Count;

    public void Consume(ILogReader reader, string path, ReaderOptions options)
    {
        var first = new SummarySink();
        options = options with { TextChecks = new TextCheckMemo() };
        RunStreams.Stream(reader, path, options, first);
        var labels = first.Runs.Select(run => _labels.Next(run.Name)).ToList();
        RunStreams.Stream(reader, path, options, new RowSink(writer, first, labels));
        All.AddRange(first.Runs);
    }

    private sealed class RowSink(ITidyWriter writer, SummarySink first, List<string> labels) : IRunSink
    {
        private int _next;

        public RunBuilder Begin(string format, string path, string name, ReaderOptions options)
        {
            var index = _next++;
            var columns = new TidyRows.RunColumns(index < labels.Count ? labels[index] : name, format, path);
            IReadOnlyDictionary<string, CanonicalName> names = index < first.Names.Count ? first.Names[index] : new Dictionary<string, CanonicalName>();
            IReadOnlySet<string> held = index < first.Unordered.Count ? first.Unordered[index] : new HashSet<string>();
            return new RunBuilder(format, path, name, options, keys => new TidyRows(keys, writer, columns, names, held));
        }

        public void End(RunBuilder run) => ((TidyRows)run.Store).WriteHeld();
    }
}
