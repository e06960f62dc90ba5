namespace Headroom.Ingest.Tests;

public sealed class TensorBoardReaderTests
{
    private static readonly ReaderOptions _strict = new() { BadRecords = BadRecordPolicy.Strict };

    private static RunLog ReadSingle(string path, ReaderOptions? options = null)
        => Assert.Single(new TensorBoardReader().Read(path, options ?? ReaderOptions.Default));

    private static double[] Values(RunLog run, string key) => run.Find(key)!.Points.Select(p => p.Value).ToArray();

    private static long[] Steps(RunLog run, string key) => run.Find(key)!.Points.Select(p => p.Step).ToArray();

    [Theory]
    [InlineData(TfWriterVersion.EventFileWriterWithSourceMetadata)]
    [InlineData(TfWriterVersion.EventFileWriterWithoutSourceMetadata)]
    public void Reads_simple_value_scalars_as_pytorch_add_scalar_writes_them(TfWriterVersion version)
    {
        // Given an HF-style run written with SummaryWriter.add_scalar (old-style simple_value)
        using var folder = new TempFolder();
        var file = folder.File("runs", "Jan01_00-00-00_host", "events.out.tfevents.1700000000.host.1.0");
        using (var writer = new TfEventWriter(file, version))
        {
            for (var step = 0; step <= 20; step += 5)
            {
                writer.AddScalar("train/loss", 2.5f - (0.1f * step), step, 1_700_000_100 + step);
                writer.AddScalar("train/learning_rate", 1e-5f * (step + 1), step, 1_700_000_100 + step);
            }
        }

        // When
        var run = ReadSingle(file);

        // Then the float32 values come back exactly, with their steps and wall times
        Assert.Equal("tensorboard", run.Format);
        Assert.Equal(["train/learning_rate", "train/loss"], run.Series.Select(s => s.Key));
        Assert.Equal([0L, 5, 10, 15, 20], Steps(run, "train/loss"));
        Assert.Equal(new[] { 0, 5, 10, 15, 20 }.Select(s => (double)(2.5f - (0.1f * s))), Values(run, "train/loss"));
        Assert.Equal(1_700_000_115d, run.Find("train/loss")!.Points[3].WallTime);
        Assert.Equal("brain.Event:2", run.Metadata["file_version"]);
        Assert.Equal("11", run.Metadata["records"]);
        Assert.Empty(run.Skipped);
    }

    [Fact]
    public void Reads_new_style_float_and_double_tensors_as_pytorch_add_scalar_new_style_writes_them()
    {
        // Given SummaryWriter.add_scalar(..., new_style=True) with and without double_precision
        using var folder = new TempFolder();
        var file = folder.File("events.out.tfevents.1700000000.host.1.0");
        using (var writer = new TfEventWriter(file))
        {
            writer.AddNewStyleScalar("eval/loss", 0.123456789, 100, 1_700_000_200);
            writer.AddNewStyleScalar("eval/loss", 0.1, 200, 1_700_000_300);
            writer.AddNewStyleScalar("eval/exact", 0.123456789012345, 100, 1_700_000_200, doublePrecision: true);
        }

        // When
        var run = ReadSingle(file);

        // Then DT_FLOAT values are the float32 rounding, DT_DOUBLE ones are exact
        Assert.Equal([(double)0.123456789f, (double)0.1f], Values(run, "eval/loss"));
        Assert.Equal([0.123456789012345], Values(run, "eval/exact"));
        Assert.Empty(run.Skipped);
    }

    [Fact]
    public void Reads_tf2_scalars_from_tensor_content_and_remembers_the_plugin_when_metadata_is_left_out()
    {
        // Given tf.summary.scalar events: raw little-endian tensor_content, metadata only on the first value of the tag
        using var folder = new TempFolder();
        var file = folder.File("events.out.tfevents.1700000000.host.1.v2");
        using (var writer = new TfEventWriter(file))
        {
            writer.AddTf2Scalar("val/reward", 0.25f, 1, 1_700_000_001);
            writer.AddTf2Scalar("val/reward", 0.5f, 2, 1_700_000_002, withMetadata: false);
            writer.AddText("notes", "hello", 1, 1_700_000_001);
            writer.AddText("notes", "again", 2, 1_700_000_002);
        }

        // When
        var run = ReadSingle(file);

        // Then
        Assert.Equal([0.25, 0.5], Values(run, "val/reward"));
        Assert.Equal([1L, 2], Steps(run, "val/reward"));
        var text = Assert.Single(run.Skipped);
        Assert.Equal("non-scalar summary (text)", text.Reason);
        Assert.Equal(2, text.Count);
    }

    [Fact]
    public void Skips_and_counts_text_hparams_histogram_image_and_graph_by_kind()
    {
        // Given an HF TensorBoardCallback file (args/model_config text, hparams) plus a histogram, an image and a graph
        using var folder = new TempFolder();
        var file = folder.File("events.out.tfevents.1700000000.host.1.0");
        long textOffset;
        using (var writer = new TfEventWriter(file))
        {
            textOffset = writer.AddText("args/text_summary", "{\"output_dir\": \"out\"}", 0, 1_700_000_000);
            writer.AddText("model_config/text_summary", "{}", 0, 1_700_000_000);
            writer.AddHparams("_hparams_/experiment", [0x1A, 0x00], 1_700_000_000);
            writer.AddHistogram("weights", [0.0, 1.0, 2.0], [1.0, 2.0, 3.0], 1, 1_700_000_001);
            writer.AddImage("samples", 1, 1_700_000_001);
            writer.AddGraph(1_700_000_001);
            writer.AddScalar("train/loss", 1.5f, 1, 1_700_000_001);
        }

        // When
        var run = ReadSingle(file);

        // Then
        Assert.Equal([1.5], Values(run, "train/loss"));
        var skipped = run.Skipped.ToDictionary(s => s.Reason, s => s.Count);
        Assert.Equal(2, skipped["non-scalar summary (text)"]);
        Assert.Equal(1, skipped["non-scalar summary (hparams)"]);
        Assert.Equal(1, skipped["non-scalar summary (histograms)"]);
        Assert.Equal(1, skipped["non-scalar summary (images)"]);
        Assert.Equal(1, skipped["non-scalar event (graph_def)"]);
        Assert.Equal($"{file}: byte {textOffset}", run.Skipped.Single(s => s.Reason == "non-scalar summary (text)").FirstLocation);
    }

    [Fact]
    public void Reads_every_value_of_an_event_that_holds_several()
    {
        // Given TF1-style merged summaries: one event, three values
        using var folder = new TempFolder();
        var file = folder.File("events.out.tfevents.1700000000.host.1.0");
        using (var writer = new TfEventWriter(file))
        {
            writer.AddScalars(7, 1_700_000_007, ("a", 1f), ("b", 2f), ("c", 3f));
        }

        // When
        var run = ReadSingle(file);

        // Then
        Assert.Equal(["a", "b", "c"], run.Series.Select(s => s.Key));
        Assert.All(run.Series, s => Assert.Equal(7, Assert.Single(s.Points).Step));
        Assert.Equal([3.0], Values(run, "c"));
    }

    [Fact]
    public void Merges_restart_files_keeping_the_last_value_written_for_each_step()
    {
        // Given a run that crashed after step 10 and restarted from its step-5 checkpoint (a new file,
        // opened later, whose name sorts first because the host name changed)
        using var folder = new TempFolder();
        using (var first = new TfEventWriter(folder.File("events.out.tfevents.1700000000.zeta.1.0"), openedAt: 1_700_000_000))
        {
            for (var step = 0; step <= 10; step++)
            {
                first.AddScalar("train/loss", 100 + step, step, 1_700_000_000 + step);
            }
        }

        using (var second = new TfEventWriter(folder.File("events.out.tfevents.1700005000.alpha.2.0"), openedAt: 1_700_005_000))
        {
            for (var step = 5; step <= 8; step++)
            {
                second.AddScalar("train/loss", 200 + step, step, 1_700_005_000 + step);
            }
        }

        // When
        var run = ReadSingle(folder.Path);

        // Then steps 5-8 come from the restart, the others from the first file (orphans 9-10 kept)
        Assert.Equal(Enumerable.Range(0, 11).Select(s => (long)s), Steps(run, "train/loss"));
        Assert.Equal([100.0, 101, 102, 103, 104, 205, 206, 207, 208, 109, 110], Values(run, "train/loss"));
        Assert.Equal("2", run.Metadata["event_files"]);
    }

    [Fact]
    public void Keeps_the_last_of_two_values_logged_at_the_same_step_in_one_file()
    {
        // Given a step logged twice in one file
        using var folder = new TempFolder();
        var file = folder.File("events.out.tfevents.1700000000.host.1.0");
        using (var writer = new TfEventWriter(file))
        {
            writer.AddScalar("x", 1f, 3, 1_700_000_003);
            writer.AddScalar("x", 2f, 4, 1_700_000_004);
            writer.AddScalar("x", 3f, 3, 1_700_000_005);
        }

        // When
        var run = ReadSingle(file);

        // Then
        Assert.Equal([3L, 4], Steps(run, "x"));
        Assert.Equal([3.0, 2.0], Values(run, "x"));
    }

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
    public void Folder_with_nested_run_folders_gives_one_run_per_folder()
    {
        // Given HF's layout: the run folder and the hparams sub-folder
        using var folder = new TempFolder();
        using (var main = new TfEventWriter(folder.File("Apr26_host", "events.out.tfevents.1682480667.host")))
        {
            main.AddScalar("train/loss", 1f, 1, 1_682_480_668);
        }

        using (var hparams = new TfEventWriter(folder.File("Apr26_host", "1682480667.134984", "events.out.tfevents.1682480667.host")))
        {
            hparams.AddHparams("_hparams_/experiment", [0x1A, 0x00], 1_682_480_667);
        }

        // When
        var runs = new TensorBoardReader().Read(folder.Path, ReaderOptions.Default);

        // Then
        Assert.Equal(["Apr26_host", Path.Combine("Apr26_host", "1682480667.134984")], runs.Select(r => r.Name));
        Assert.Single(runs[0].Series);
        Assert.Empty(runs[1].Series);
    }

    [Fact]
    public void ReadScalars_streams_the_values_in_file_order_and_counts_what_it_skipped()
    {
        // Given
        using var folder = new TempFolder();
        var file = folder.File("events.out.tfevents.1700000000.host.1.0");
        using (var writer = new TfEventWriter(file))
        {
            writer.AddScalar("b", 1f, 1, 1_700_000_001);
            writer.AddText("t", "x", 1, 1_700_000_001);
            writer.AddScalar("a", 2f, 1, 1_700_000_001);
            writer.AddScalar("b", 3f, 2, 1_700_000_002);
        }

        // When
        var stream = TensorBoardReader.ReadScalars(file);
        var scalars = stream.ToList();

        // Then
        Assert.Equal(
            [new TensorBoardScalar("b", 1, 1, 1_700_000_001), new("a", 1, 2, 1_700_000_001), new("b", 2, 3, 1_700_000_002)],
            scalars);
        Assert.Equal(5, stream.Records);
        Assert.Equal("non-scalar summary (text)", Assert.Single(stream.Skipped).Reason);
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

    [Fact]
    public void CanRead_recognises_event_files_and_folders_that_hold_them()
    {
        // Given
        using var folder = new TempFolder();
        var file = folder.File("run", "events.out.tfevents.1700000000.host.1.0");
        new TfEventWriter(file).Dispose();
        File.WriteAllText(folder.File("run", "trainer_state.json"), "{}");
        var reader = new TensorBoardReader();

        // When / Then
        Assert.True(reader.CanRead(file));
        Assert.True(reader.CanRead(Path.Combine(folder.Path, "run")));
        Assert.False(reader.CanRead(folder.Path));
        Assert.False(reader.CanRead(Path.Combine(folder.Path, "run", "trainer_state.json")));
    }
}
