using System.Globalization;

namespace Headroom.Ingest.Tests;

public sealed class WandbFuzzTests
{
    private const int Inputs = 6000;

    private sealed record Row(long Step, double Loss, long End);

    // About 40 KB: two blocks, a record split FIRST/LAST across them, summary, config and console records.
    private static (byte[] File, List<Row> Rows) BaseFile()
    {
        var rows = new List<Row>();
        using var stream = new MemoryStream();
        using (var writer = new WandbDatastoreWriter(stream))
        {
            writer.Run("fuzz01", "fuzz", "fuzz run", 1_700_000_000);
            writer.Config(("learning_rate", "1e-05"), ("notes", "\"" + new string('n', 3000) + "\""));
            for (var i = 0; i < 260; i++)
            {
                var loss = 5.0 / (i + 1);
                writer.History(
                    i,
                    ("train/loss", loss.ToString("R", CultureInfo.InvariantCulture)),
                    ("train/global_step", (i + 1).ToString(CultureInfo.InvariantCulture)),
                    ("_timestamp", (1_700_000_000.5 + i).ToString("R", CultureInfo.InvariantCulture)),
                    ("_step", i.ToString(CultureInfo.InvariantCulture)));
                rows.Add(new Row(i + 1, loss, writer.Position));
                if (i % 50 == 0)
                {
                    writer.Output(new string('o', 40 * (i + 1)));
                }
            }

            writer.Summary(("train/loss", "0.0192"), ("_step", "259"));
            writer.Exit(0);
        }

        return (stream.ToArray(), rows);
    }

    private static RunLog Read(byte[] bytes, ReaderOptions options)
    {
        var builder = new WandbRunBuilder();
        DatastoreLoader.Load("fuzz.wandb", new MemoryStream(bytes), options, builder, new WandbRecordDecoder(builder));
        return builder.Build("wandb", "fuzz.wandb", "fuzz", options);
    }

    [Fact]
    public void Mutated_datastores_never_crash_and_keep_every_record_before_the_first_fault()
    {
        // Given 6000 seeded mutations of a two-block datastore
        var (original, rows) = BaseFile();
        Assert.True(original.Length > WandbDatastore.BlockSize);
        var random = new Random(20260402);
        int[] bufferSizes = [16, 333, 4096, 65536];

        for (var input = 0; input < Inputs; input++)
        {
            var mutation = Mutation.Of(original, random);
            var bufferSize = bufferSizes[input % bufferSizes.Length];

            // When read leniently: no exception at all
            var run = Read(mutation.Bytes, new ReaderOptions { BufferSize = bufferSize });

            // Then every row whose record ends before the first fault is there with its value
            var loss = run.Find("train/loss");
            foreach (var kept in rows.Where(r => r.End <= mutation.FirstFault))
            {
                var point = loss?.Points.SingleOrDefault(p => p.Step == kept.Step);
                Assert.True(point is { } p && p.Value == kept.Loss, $"input {input}: row {kept.Step} lost (fault at {mutation.FirstFault})");
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
    public void Truncation_anywhere_keeps_exactly_the_complete_rows()
    {
        // Given every cut point (in steps of 13 bytes)
        var (original, rows) = BaseFile();
        for (var cut = 0; cut <= original.Length; cut += 13)
        {
            // When
            var run = Read(original[..cut], new ReaderOptions { BufferSize = 64 });

            // Then
            Assert.Equal(rows.Count(r => r.End <= cut), run.Find("train/loss")?.Count ?? 0);
        }
    }
}
