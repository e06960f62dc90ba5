namespace Headroom.Ingest.Tests;

/// <summary>
/// `inspect` on a large event file: chunk workers total each stretch of a tag's points (<see cref="SpanSummary"/>)
/// and the running summaries take those totals whole. What `inspect` reports must be exactly what adding the
/// points one by one gives, whatever the chunk size: counts, first and last steps, min and max, non-finite
/// counts, and which series went out of step order or must be read again whole.
/// </summary>
public sealed class SpanSummaryTests
{
    private const string Name = "events.out.tfevents.1700000000.host.1.0";

    /// <summary>
    /// Tags past the 4,096 points a series keeps exactly, with NaN, infinities and signed zeros; a tag whose steps go
    /// back once it is past its kept points (a resume: read again whole); one that repeats a step inside a stretch;
    /// one that starts late; a histogram breaking the runs of add_scalar records.
    /// </summary>
    private static byte[] Log()
    {
        using var memory = new MemoryStream();
        using (var writer = new TfEventWriter(memory))
        {
            for (var step = 1L; step <= 12_000; step++)
            {
                var wall = 1_700_000_000.0 + step;
                writer.AddScalar("actor/entropy", (float)Math.Sin(step * 0.01), step, wall);
                var special = (step % 997) switch { 0 => float.NaN, 1 => float.PositiveInfinity, 2 => -0.0f, 3 => 0.0f, _ => step * 0.5f };
                writer.AddScalar("critic/score/mean", special, step, wall);
                writer.AddScalar("resumed", step, step <= 9_000 ? step : step - 3_000, wall);
                writer.AddScalar("repeats", step, step == 7_000 ? 6_999 : step, wall);
                if (step > 8_000)
                {
                    writer.AddScalar("late", -step, step, wall);
                }

                if (step % 2_500 == 0)
                {
                    writer.AddHistogram("grads", [0.0, 1.0], [3.0, 4.0], step, wall);
                }
            }
        }

        return memory.ToArray();
    }

    private static SummarySink Summarise(byte[] bytes, Func<EventDecoder, SkipTally, bool, IScalarScanner> open)
    {
        var sink = new SummarySink();
        TensorBoardRun.Stream("tensorboard", "run", "run", open, ReaderOptions.Default, sink);
        return sink;
    }

    [Theory]
    [InlineData(4096, 1)]
    [InlineData(65_536, 1)]
    [InlineData(300_000, 2)]
    public void Totals_taken_from_the_workers_equal_the_totals_of_the_points_added_one_by_one(int chunkSize, int workers)
    {
        // Given the log, summarised point by point by the sequential reader
        var bytes = Log();
        var expected = Summarise(bytes, (decoder, skipped, _) => new EventFileScanner(Name, new MemoryStream(bytes, writable: false), ReaderOptions.Default, decoder, skipped));

        // When it is summarised by chunk workers that total their stretches
        var spansTaken = 0L;
        var actual = Summarise(bytes, (decoder, skipped, summarise) =>
        {
            Assert.True(summarise, "a summary sink asks the scanner for totals");
            return new CountingScanner(
                new ChunkedEventScanner(
                    Name,
                    bytes.Length,
                    (offset, destination) =>
                    {
                        var count = (int)Math.Clamp(bytes.Length - offset, 0, destination.Length);
                        bytes.AsSpan((int)offset, count).CopyTo(destination);
                        return count;
                    },
                    () => new MemoryStream(bytes, writable: false),
                    ReaderOptions.Default,
                    decoder,
                    skipped,
                    chunkSize,
                    workers: workers,
                    summarise: true),
                spans => spansTaken += spans);
        });

        // Then the totals are the same as the sequential reader's, series by series, and so are the series that went
        // out of order or need a whole reading
        Assert.Equal(expected.Runs.Single().Series, actual.Runs.Single().Series);
        Assert.Equal(expected.Runs.Single().Skipped, actual.Runs.Single().Skipped);
        Assert.Equal(expected.Runs.Single().Metadata, actual.Runs.Single().Metadata);
        Assert.Equal(["repeats", "resumed"], expected.Unordered.Single().Order());
        Assert.Equal(expected.Unordered.Single().Order(), actual.Unordered.Single().Order());
        Assert.Equal(["repeats", "resumed"], expected.NeedsPoints.Single().Order());
        Assert.Equal(expected.NeedsPoints.Single().Order(), actual.NeedsPoints.Single().Order());

        // And the check above compared the two ways: the workers handed out totals
        Assert.True(spansTaken > 0, "no totals were handed out");
        var score = actual.Runs.Single().Series.Single(s => s.Key == "critic/score/mean");
        Assert.Equal((12_000L, 1L, 12_000L, 25L), (score.Count, score.FirstStep!.Value, score.LastStep!.Value, score.NonFinite));
        Assert.Equal(-0.0, score.Min);
        Assert.True(double.IsNegative(score.Min!.Value), "the minimum is the negative zero");
    }

    /// <summary>Passes a scanner's batches on, counting the stretches whose totals came with them.</summary>
    private sealed class CountingScanner(IScalarScanner inner, Action<int> spans) : IScalarScanner
    {
        public EventDecoder Decoder => inner.Decoder;

        public long Records => inner.Records;

        public double? FirstWallTime => inner.FirstWallTime;

        public ScalarBatch ReadBatch()
        {
            var batch = inner.ReadBatch();
            spans(batch.Spans.Length);
            return batch;
        }

        public void Dispose() => inner.Dispose();
    }
}
