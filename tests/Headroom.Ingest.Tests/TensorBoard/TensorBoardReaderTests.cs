namespace Headroom.Ingest.Tests;

public sealed partial class TensorBoardReaderTests
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
    public void HF_text_summaries_of_the_training_arguments_and_model_config_become_metadata()
    {
        // Given what HF's TensorBoardCallback writes at train start: add_text("args", args.to_json_string()) and the model config
        using var folder = new TempFolder();
        var file = folder.File("events.out.tfevents.1700000000.host.1.0");
        using (var writer = new TfEventWriter(file))
        {
            writer.AddText("args/text_summary", "{\n  \"output_dir\": \"out\",\n  \"learning_rate\": 2e-05,\n  \"per_device_train_batch_size\": 8,\n  \"max_grad_norm\": NaN\n}", 0, 1_700_000_000);
            writer.AddText("model_config/text_summary", "{\"_name_or_path\": \"Qwen/Qwen2.5-0.5B\", \"rope_scaling\": {\"type\": \"linear\"}}", 0, 1_700_000_000);
            writer.AddText("notes/text_summary", "{\"ignored\": 1}", 0, 1_700_000_000);
        }

        // When
        var run = ReadSingle(file);

        // Then the texts stay skipped summaries, and their fields are run facts
        Assert.Equal(3, Assert.Single(run.Skipped).Count);
        Assert.Equal("2e-05", run.Metadata["config.learning_rate"]);
        Assert.Equal("8", run.Metadata["config.per_device_train_batch_size"]);
        Assert.Equal("out", run.Metadata["config.output_dir"]);
        Assert.Equal("NaN", run.Metadata["config.max_grad_norm"]);
        Assert.Equal("Qwen/Qwen2.5-0.5B", run.Metadata["model_config._name_or_path"]);
        Assert.Equal("linear", run.Metadata["model_config.rope_scaling.type"]);
        Assert.DoesNotContain(run.Metadata.Keys, k => k.Contains("ignored", StringComparison.Ordinal));
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
}
