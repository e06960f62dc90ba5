using System.Text;
using Headroom.Ingest.Tests.Data;

namespace Headroom.Ingest.Tests.LlamaFactory;

public sealed class LlamaFactoryLogReaderTests
{
    /// <summary>An SFT run of 40 steps: a train log every 5 steps, an evaluation (its own on_log) every 20.</summary>
    private static LlamaFactoryLogCallback SftRun(bool version2023, int steps = 40)
    {
        var callback = new LlamaFactoryLogCallback(steps, version2023);
        for (var step = 5; step <= steps; step += 5)
        {
            callback.OnLog(step, new() { ["loss"] = 2.0 - (step * 0.01), ["learning_rate"] = 1e-4 * (1 - (step / 100.0)), ["epoch"] = step / 20.0 }, elapsedSeconds: step * 61L, tokensSeen: step * 1000L);
            if (step % 20 == 0)
            {
                callback.OnLog(step, new() { ["eval_loss"] = 1.5 - (step * 0.001), ["epoch"] = step / 20.0 }, elapsedSeconds: (step * 61L) + 30);
            }
        }

        return callback;
    }

    private static RunLog Read(string path, ReaderOptions? options = null)
        => Assert.Single(new LlamaFactoryLogReader().Read(path, options ?? ReaderOptions.Default));

    [Fact]
    public void Reader_reads_LogCallback_2024_lines_with_elapsed_time_as_wall_time_and_counts_eval_lines_sharing_a_step()
    {
        // Given
        using var temp = new TempFolder();
        var file = temp.Write("saves/qwen/trainer_log.jsonl", SftRun(version2023: false).Text);

        // When
        var run = Read(file);

        // Then
        var loss = Assert.Single(run.WithCanonical(CanonicalSeries.SftTrainLoss));
        Assert.Equal(8, loss.Count);
        Assert.Equal(2.0 - 0.4, loss.Points[^1].Value, 12);
        Assert.Equal(40 * 61.0, loss.Points[^1].WallTime);
        var eval = Assert.Single(run.WithCanonical(CanonicalSeries.SftValLoss));
        Assert.Equal([20L, 40], eval.Points.Select(p => p.Step));
        Assert.Equal((20 * 61.0) + 30, eval.Points[0].WallTime);
        Assert.Equal("lr", Assert.Single(run.WithCanonical(CanonicalSeries.LearningRate)).Key);
        Assert.Equal("total_tokens", Assert.Single(run.WithCanonical(CanonicalSeries.Tokens)).Key);
        Assert.Equal(2, run.Skipped.Single(s => s.Reason.StartsWith("line repeats", StringComparison.Ordinal)).Count);
        Assert.Equal(10, run.Skipped.Single(s => s.Reason.StartsWith("remaining_time", StringComparison.Ordinal)).Count);
        Assert.Equal("40", run.Metadata["total_steps"]);
        Assert.Equal("run_start", run.Metadata["wall_time_origin"]);
        Assert.Equal("qwen", run.Name);
    }

    [Fact]
    public void Elapsed_time_in_every_form_Python_prints_a_timedelta_is_read_as_seconds_and_other_text_is_counted()
    {
        // Given lines whose elapsed_time is str(timedelta) under a day, with fractional seconds, past a day, and two
        // strings that only look like one (a one-digit minute, a bare decimal point)
        using var temp = new TempFolder();
        string[] elapsed = ["0:00:05", "1:02:03.5", "10:00:00", "2 days, 3:04:05", "12:3:04", "1:02:03."];
        var file = temp.Write("saves/run/trainer_log.jsonl", string.Concat(elapsed.Select((text, i) =>
            $"{{\"current_steps\": {i + 1}, \"total_steps\": 6, \"loss\": 1.0, \"elapsed_time\": \"{text}\", \"remaining_time\": \"0:00:01\"}}\n")));

        // When
        var loss = Read(file).Find("loss")!;

        // Then (by hand: 1*3600 + 2*60 + 3.5; 2*86400 + 3*3600 + 4*60 + 5)
        Assert.Equal([5.0, 3723.5, 36000, 183845, null, null], loss.Points.Select(p => p.WallTime));
        Assert.Equal(2, Read(file).Skipped.Single(s => s.Reason == "elapsed_time that is not H:MM:SS").Count);
    }

    [Fact]
    public void Reader_reads_LogCallback_2023_lines_whose_missing_metrics_are_null_without_inventing_NaN()
    {
        // Given
        using var temp = new TempFolder();
        var text = SftRun(version2023: true).Text;
        Assert.Contains("\"eval_loss\": null", text, StringComparison.Ordinal);
        var file = temp.Write("trainer_log.jsonl", text);

        // When
        var run = Read(file);

        // Then only the real values are series; every null is counted under its key
        Assert.Equal(2, run.Find("eval_loss")!.Count);
        Assert.Equal(8, run.Find("loss")!.Count);
        Assert.Null(run.Find("predict_loss"));
        Assert.Equal(10, run.Skipped.Single(s => s.Reason == "null value of 'predict_loss'").Count);
        Assert.Equal(8, run.Skipped.Single(s => s.Reason == "null value of 'eval_loss'").Count);
        Assert.Equal("learning_rate", Assert.Single(run.WithCanonical(CanonicalSeries.LearningRate)).Key);
        Assert.DoesNotContain(run.Series.SelectMany(s => s.Points), p => double.IsNaN(p.Value));
    }

    [Fact]
    public void Reader_keeps_the_last_of_duplicated_step_lines_written_by_two_processes_and_counts_them()
    {
        // Given every step written twice with slightly different values
        using var temp = new TempFolder();
        var callback = new LlamaFactoryLogCallback(30);
        for (var step = 10; step <= 30; step += 10)
        {
            callback.OnLog(step, new() { ["loss"] = 1.0 + step, ["learning_rate"] = 1e-5, ["epoch"] = 0.1 }, step);
            callback.OnLog(step, new() { ["loss"] = 2.0 + step, ["learning_rate"] = 1e-5, ["epoch"] = 0.1 }, step + 1);
        }

        var file = temp.Write("trainer_log.jsonl", callback.Text);

        // When
        var run = Read(file);

        // Then
        Assert.Equal([12.0, 22, 32], run.Find("loss")!.Points.Select(p => p.Value));
        Assert.Equal(3, run.Skipped.Single(s => s.Reason.StartsWith("line repeats", StringComparison.Ordinal)).Count);
    }

    [Fact]
    public void Reader_reads_a_predict_only_log_that_has_no_loss_at_all()
    {
        // Given
        using var temp = new TempFolder();
        var callback = new LlamaFactoryLogCallback(20);
        for (var step = 5; step <= 20; step += 5)
        {
            callback.OnLog(step, [], step * 2);
        }

        var file = temp.Write("trainer_log.jsonl", callback.Text);

        // When
        var run = Read(file);

        // Then
        Assert.Equal(["percentage"], run.Series.Select(s => s.Key));
        Assert.Equal([25.0, 50, 75, 100], run.Series[0].Points.Select(p => p.Value));
    }

    [Fact]
    public void Reader_reads_the_v1_logging_callback_variant_with_raw_HF_keys_and_step()
    {
        // Given the v1 callback: the raw HF logs plus step and total_steps
        using var temp = new TempFolder();
        var file = temp.Write("trainer_log.jsonl", string.Concat(Enumerable.Range(1, 3).Select(i =>
            PythonJson.Dumps(new Dictionary<string, object?> { ["loss"] = 1.0 / i, ["grad_norm"] = 0.5, ["learning_rate"] = 1e-5, ["epoch"] = i / 10.0, ["step"] = (long)(i * 10), ["total_steps"] = 30L }) + "\n")));

        // When
        var run = Read(file);

        // Then
        Assert.Equal("v1", run.Metadata["variant"]);
        Assert.Equal([10L, 20, 30], run.Find("loss")!.Points.Select(p => p.Step));
        Assert.Equal("learning_rate", Assert.Single(run.WithCanonical(CanonicalSeries.LearningRate)).Key);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(1 << 16)]
    public void Reader_gives_the_same_run_whatever_the_buffer_size(int bufferSize)
    {
        // Given
        using var temp = new TempFolder();
        var file = temp.Write("trainer_log.jsonl", SftRun(version2023: false).Text.Replace("\n", "\r\n"));
        var expected = Read(file);

        // When
        var run = Read(file, ReaderOptions.Default with { BufferSize = bufferSize });

        // Then
        Assert.Equal(expected.Series.SelectMany(s => s.Points), run.Series.SelectMany(s => s.Points));
        Assert.Equal(expected.Skipped, run.Skipped);
    }

    [Fact]
    public void Reader_keeps_every_line_before_a_truncated_last_line_of_a_live_run()
    {
        // Given the writer stopped in the middle of line 11
        using var temp = new TempFolder();
        var text = SftRun(version2023: false).Text;
        var file = temp.Write("trainer_log.jsonl", text[..(text.Length - 40)]);

        // When
        var run = Read(file, ReaderOptions.Default with { BufferSize = 5 });
        var strict = Assert.Throws<IngestException>(() => Read(file, ReaderOptions.Default with { BadRecords = BadRecordPolicy.Strict }));

        // Then
        Assert.Equal(1, run.Find("eval_loss")!.Count);
        Assert.Equal(8, run.Find("loss")!.Count);
        var skipped = run.Skipped.Single(s => s.Reason.StartsWith("truncated", StringComparison.Ordinal));
        Assert.Equal($"{file}: line 10", skipped.FirstLocation);
        Assert.StartsWith($"{file}: line 10: the last line breaks off", strict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reader_counts_a_line_of_invalid_UTF8_and_keeps_the_others()
    {
        // Given line 2 holds a Latin-1 byte
        using var temp = new TempFolder();
        var lines = SftRun(version2023: false).Text.Split('\n');
        var bytes = new List<byte>();
        for (var i = 0; i < lines.Length - 1; i++)
        {
            var line = Encoding.UTF8.GetBytes(lines[i]);
            if (i == 1)
            {
                line[5] = 0xFF;
            }

            bytes.AddRange(line);
            bytes.Add((byte)'\n');
        }

        var file = temp.WriteBytes("trainer_log.jsonl", [.. bytes]);
        var offset = Encoding.UTF8.GetByteCount(lines[0]) + 1 + 5;

        // When
        var run = Read(file);
        var strict = Assert.Throws<IngestException>(() => Read(file, ReaderOptions.Default with { BadRecords = BadRecordPolicy.Strict }));

        // Then
        Assert.Equal(7, run.Find("loss")!.Count);
        Assert.Equal(new SkippedRecords("invalid UTF-8 line", 1, $"{file}: line 2"), run.Skipped.Single(s => s.Reason == "invalid UTF-8 line"));
        Assert.Equal($"{file}: line 2: invalid UTF-8 at byte {offset}; the file is not text in UTF-8 (re-encode it, or it is corrupted there).", strict.Message);
    }

    [Fact]
    public void Reader_rejects_a_binary_file_and_an_empty_file_with_their_paths()
    {
        // Given
        using var temp = new TempFolder();
        var binary = temp.WriteBytes("a/trainer_log.jsonl", [0x3A, 0x57, 0x26, 0x42, 0xE1, 0xBE, 0x00, 0x12]);
        var empty = temp.Write("b/trainer_log.jsonl", string.Empty);

        // When
        var binaryError = Assert.Throws<IngestException>(() => Read(binary));
        var emptyError = Assert.Throws<IngestException>(() => Read(empty));

        // Then
        Assert.StartsWith($"{binary}: byte 6: binary data", binaryError.Message, StringComparison.Ordinal);
        Assert.Equal($"{empty}: the file is empty.", emptyError.Message);
    }
}
