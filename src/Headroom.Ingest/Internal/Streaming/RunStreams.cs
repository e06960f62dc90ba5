namespace Headroom.Ingest;

/// <summary>Streams any reader's runs into a sink: natively for the <see cref="IStreamingReader"/>s, by replaying a read run for the others.</summary>
internal static class RunStreams
{
    /// <summary>The runs a streaming read gives, kept whole.</summary>
    public static IReadOnlyList<RunLog> Materialize(Action<IRunSink> stream)
    {
        var sink = new RunLogSink();
        stream(sink);
        return sink.Runs;
    }

    public static void Stream(ILogReader reader, string path, ReaderOptions options, IRunSink sink)
    {
        if (reader is IStreamingReader streaming)
        {
            streaming.Stream(path, options, sink);
            return;
        }

        foreach (var run in reader.Read(path, options))
        {
            Replay(run, options, sink);
        }
    }

    /// <summary>Hands a run that was read whole to a sink, its values back in the unit the trainer logged (the sink applies the names again).</summary>
    public static void Replay(RunLog run, ReaderOptions options, IRunSink sink)
    {
        var builder = sink.Begin(run.Format, run.Path, run.Name, options);
        foreach (var series in run.Series)
        {
            var key = builder.KeyId(series.Key);
            foreach (var point in series.Points)
            {
                builder.Add(key, point.Step, series.Scale == 1.0 ? point.Value : point.Value / series.Scale, point.WallTime);
            }
        }

        foreach (var (name, value) in run.Metadata)
        {
            builder.Metadata[name] = value;
        }

        builder.Skipped.AddRange(run.Skipped);
        sink.End(builder);
    }
}
