namespace Headroom.Ingest.Tests;

public sealed partial class TensorBoardReaderTests
{
    [Theory]
    [InlineData(BadRecordPolicy.Lenient)]
    [InlineData(BadRecordPolicy.Strict)]
    public void Tolerates_a_truncated_last_record_of_a_live_run(BadRecordPolicy policy)
    {
        // Given a file whose last record was half flushed
        using var folder = new TempFolder();
        var file = folder.File("events.out.tfevents.1700000000.host.1.0");
        long lastOffset;
        using (var writer = new TfEventWriter(file))
        {
            writer.AddScalar("loss", 1f, 1, 1_700_000_001);
            writer.AddScalar("loss", 2f, 2, 1_700_000_002);
            lastOffset = writer.AddScalar("loss", 3f, 3, 1_700_000_003);
        }

        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..^7]);

        // When
        var run = ReadSingle(file, new ReaderOptions { BadRecords = policy });

        // Then
        Assert.Equal([1.0, 2.0], Values(run, "loss"));
        var truncated = Assert.Single(run.Skipped);
        Assert.StartsWith("truncated final record", truncated.Reason);
        Assert.Equal($"{file}: byte {lastOffset}", truncated.FirstLocation);
    }

    [Theory]
    [InlineData(1, "record-length")]
    [InlineData(20, "record-data")]
    public void Strict_policy_names_the_file_and_byte_offset_of_a_corrupted_crc(int flipAt, string what)
    {
        // Given a flipped byte in the length or the data of the second scalar record
        using var folder = new TempFolder();
        var (file, corruptedOffset) = ThreeScalarsWithAFlippedByte(folder, flipAt);

        // When
        var error = Assert.Throws<IngestException>(() => ReadSingle(file, _strict));

        // Then
        Assert.Equal($"{file}: {what} CRC mismatch at byte {corruptedOffset}; the file is corrupted there.", error.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(20)]
    public void Lenient_policy_keeps_the_records_before_and_after_a_corrupted_crc(int flipAt)
    {
        // Given the same corruption
        using var folder = new TempFolder();
        var (file, corruptedOffset) = ThreeScalarsWithAFlippedByte(folder, flipAt);

        // When
        var run = ReadSingle(file);

        // Then only the corrupted record is lost, and it is counted where it was
        Assert.Equal([1.0, 3.0], Values(run, "loss"));
        var crc = Assert.Single(run.Skipped);
        Assert.Contains("CRC mismatch", crc.Reason);
        Assert.Equal($"{file}: byte {corruptedOffset}", crc.FirstLocation);
    }

    [Fact]
    public void Header_only_file_gives_a_run_without_series()
    {
        // Given the 88-byte file a writer leaves when nothing was logged (ms-swift v4 sample)
        using var folder = new TempFolder();
        var file = folder.File("events.out.tfevents.1695010256.host.2830612.0");
        new TfEventWriter(file).Dispose();

        // When
        var run = ReadSingle(file);

        // Then
        Assert.Equal(88, new FileInfo(file).Length);
        Assert.Empty(run.Series);
        Assert.Empty(run.Skipped);
        Assert.Equal("1", run.Metadata["records"]);
    }

    [Fact]
    public void Hparams_only_file_gives_a_run_without_series_and_counts_the_hparams_values()
    {
        // Given the sub-folder file HF's add_hparams writes (experiment, session start, session end)
        using var folder = new TempFolder();
        var file = folder.File("1682480667.134984", "events.out.tfevents.1682480667.host");
        using (var writer = new TfEventWriter(file, TfWriterVersion.EventFileWriterWithoutSourceMetadata))
        {
            writer.AddHparams("_hparams_/experiment", [0x1A, 0x00], 1_682_480_667);
            writer.AddHparams("_hparams_/session_start_info", [0x12, 0x00], 1_682_480_667);
            writer.AddHparams("_hparams_/session_end_info", [0x22, 0x00], 1_682_480_667);
        }

        // When
        var run = ReadSingle(file);

        // Then
        Assert.Empty(run.Series);
        Assert.Equal(3, Assert.Single(run.Skipped).Count);
        Assert.Equal("4", run.Metadata["records"]);
    }

    [Fact]
    public void Empty_file_is_counted_when_lenient_and_rejected_when_strict()
    {
        // Given a writer that created its file and never flushed
        using var folder = new TempFolder();
        var file = folder.File("events.out.tfevents.1700000000.host.1.0");
        File.WriteAllBytes(file, []);

        // When
        var run = ReadSingle(file);
        var error = Assert.Throws<IngestException>(() => ReadSingle(file, _strict));

        // Then
        Assert.Empty(run.Series);
        Assert.Equal("empty event file", Assert.Single(run.Skipped).Reason);
        Assert.Equal($"{file}: the file is empty.", error.Message);
    }

    [Fact]
    public void Reading_with_a_16_byte_buffer_gives_the_same_run_as_the_default_buffer()
    {
        // Given a mixed file
        using var folder = new TempFolder();
        var file = folder.File("events.out.tfevents.1700000000.host.1.0");
        using (var writer = new TfEventWriter(file))
        {
            writer.AddText("args/text_summary", new string('x', 500), 0, 1_700_000_000);
            for (var step = 1; step <= 50; step++)
            {
                writer.AddScalar("train/loss", 1f / step, step, 1_700_000_000 + step);
                writer.AddNewStyleScalar("train/reward", step * 0.01, step, 1_700_000_000 + step, doublePrecision: true);
            }
        }

        // When
        var small = ReadSingle(file, new ReaderOptions { BufferSize = 16 });
        var large = ReadSingle(file);

        // Then
        Assert.Equal(large.Series.Select(s => s.Key), small.Series.Select(s => s.Key));
        Assert.All(large.Series, s => Assert.Equal(s.Points, small.Find(s.Key)!.Points));
        Assert.Equal(large.Skipped, small.Skipped);
        Assert.Equal(50, large.Find("train/reward")!.Count);
    }

    [Fact]
    public void Missing_path_and_folder_without_event_files_are_reported()
    {
        // Given
        using var folder = new TempFolder();
        var missing = Path.Combine(folder.Path, "nope");

        // When
        var notFound = Assert.Throws<IngestException>(() => new TensorBoardReader().Read(missing, ReaderOptions.Default));
        var empty = Assert.Throws<IngestException>(() => new TensorBoardReader().Read(folder.Path, ReaderOptions.Default));

        // Then
        Assert.Equal($"{missing}: no such file or folder.", notFound.Message);
        Assert.Equal($"{folder.Path}: the folder holds no trainer log that Headroom can read.", empty.Message);
    }

    /// <summary>Three `loss` scalars written by the TFRecord writer, one bit flipped at <paramref name="flipAt"/> bytes into the second record.</summary>
    private static (string File, long CorruptedOffset) ThreeScalarsWithAFlippedByte(TempFolder folder, int flipAt)
    {
        var file = folder.File("events.out.tfevents.1700000000.host.1.0");
        long corruptedOffset;
        using (var writer = new TfEventWriter(file))
        {
            writer.AddScalar("loss", 1f, 1, 1_700_000_001);
            corruptedOffset = writer.AddScalar("loss", 2f, 2, 1_700_000_002);
            writer.AddScalar("loss", 3f, 3, 1_700_000_003);
        }

        var bytes = File.ReadAllBytes(file);
        bytes[corruptedOffset + flipAt] ^= 0x04;
        File.WriteAllBytes(file, bytes);
        return (file, corruptedOffset);
    }
}
