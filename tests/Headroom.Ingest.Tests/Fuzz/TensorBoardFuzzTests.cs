namespace Headroom.Ingest.Tests;

public sealed class TensorBoardFuzzTests
{
    private const int Inputs = 6000;

    /// <summary>A scalar written by the test writer, and the byte range of its record.</summary>
    private sealed record Written(string Tag, long Step, double Value, long Start, long End);

    private static (byte[] File, List<Written> Scalars) BaseFile()
    {
        var scalars = new List<Written>();
        using var stream = new MemoryStream();
        using (var writer = new TfEventWriter(stream))
        {
            void Track(string tag, long step, double value, Func<long> write)
            {
                var start = write();
                scalars.Add(new Written(tag, step, value, start, writer.Position));
            }

            writer.AddText("args/text_summary", "{\"learning_rate\": 1e-05}", 0, 1_700_000_000);
            for (var step = 1; step <= 12; step++)
            {
                var wall = 1_700_000_000 + step;
                Track("train/loss", step, (double)(2f / step), () => writer.AddScalar("train/loss", 2f / step, step, wall));
                Track("train/reward", step, step * 0.125, () => writer.AddNewStyleScalar("train/reward", step * 0.125, step, wall, doublePrecision: true));
                Track("val/score", step, (double)(step * 0.5f), () => writer.AddTf2Scalar("val/score", step * 0.5f, step, wall, withMetadata: step == 1));
                if (step % 4 == 0)
                {
                    writer.AddHistogram("grads", [0.0, 1.0], [3.0, 4.0], step, wall);
                }
            }
        }

        return (stream.ToArray(), scalars);
    }

    private static RunLog Read(byte[] bytes, ReaderOptions options)
    {
        return RunStreams.Materialize(sink => TensorBoardRun.Stream("tensorboard", "fuzz", "fuzz", "fuzz.tfevents", new MemoryStream(bytes), options, sink)).Single();
    }

    [Fact]
    public void Mutated_event_files_never_crash_and_keep_every_record_before_the_first_fault()
    {
        // Given 6000 seeded mutations of a file with simple_value, new-style, TF2, text and histogram records
        var (original, scalars) = BaseFile();
        var random = new Random(20260401);
        int[] bufferSizes = [16, 37, 4096, 65536];

        for (var input = 0; input < Inputs; input++)
        {
            var mutation = Mutation.Of(original, random);
            var bufferSize = bufferSizes[input % bufferSizes.Length];

            // When read leniently: no exception at all
            var run = Read(mutation.Bytes, new ReaderOptions { BufferSize = bufferSize });

            // Then every scalar whose record lies wholly before the first fault is there
            foreach (var kept in scalars.Where(s => s.End <= mutation.FirstFault))
            {
                var point = run.Find(kept.Tag)?.Points.SingleOrDefault(p => p.Step == kept.Step);
                Assert.True(point is { } p && p.Value == kept.Value, $"input {input}: {kept.Tag}@{kept.Step} lost (fault at {mutation.FirstFault})");
            }

            // And read strictly: an IngestException or a result, nothing else
            try
            {
                Read(mutation.Bytes, new ReaderOptions { BufferSize = bufferSize, BadRecords = BadRecordPolicy.Strict });
            }
            catch (IngestException)
            {
            }
        }
    }

    [Fact]
    public void Truncation_anywhere_keeps_exactly_the_complete_records()
    {
        // Given every cut point of the file
        var (original, scalars) = BaseFile();
        for (var cut = 0; cut <= original.Length; cut += 7)
        {
            // When
            var run = Read(original[..cut], new ReaderOptions { BufferSize = 16 });

            // Then the scalars of complete records, and only those, are read
            var expected = scalars.Count(s => s.End <= cut);
            Assert.Equal(expected, run.Series.Sum(s => s.Count));
        }
    }
}
