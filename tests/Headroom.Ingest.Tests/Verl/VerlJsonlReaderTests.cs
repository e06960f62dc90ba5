using Headroom.Ingest.Tests.Data;

namespace Headroom.Ingest.Tests.Verl;

public sealed class VerlJsonlReaderTests
{
    private static Dictionary<string, object?> PpoStep(long step) => new()
    {
        ["actor/entropy"] = 0.6 - (0.01 * step),
        ["actor/kl_loss"] = 0.001 * step,
        ["actor/lr"] = 1e-6,
        ["actor/pg_loss"] = step == 2 ? double.NaN : 0.12,
        ["critic/score/mean"] = 0.5 + (0.05 * step),
        ["critic/rewards/mean"] = 0.45 + (0.05 * step),
        ["response_length/mean"] = 400.0 + step,
        ["prompt_length/mean"] = 120.0,
        ["perf/total_num_tokens"] = 2_740_470L,
        ["training/global_step"] = step,
        ["training/epoch"] = 0L,
        ["resize/mode"] = "schedule",
    };

    private static RunLog Read(string path, ReaderOptions? options = null)
        => Assert.Single(new VerlJsonlReader().Read(path, options ?? ReaderOptions.Default));

    [Fact]
    public void Reader_reads_FileLogger_lines_of_a_PPO_run_with_null_as_NaN_and_text_values_counted()
    {
        // Given a validation line at step 0 and three training steps, as FileLogger (orjson) writes them
        using var temp = new TempFolder();
        var text = VerlWriters.FileLoggerLine(0, new Dictionary<string, object?> { ["val-core/HuggingFaceH4/MATH-500/acc/mean@16"] = 0.41, ["val-core/HuggingFaceH4/MATH-500/acc/std@16"] = 0.02, ["val-aux/HuggingFaceH4/MATH-500/reward/mean@16"] = 0.41 })
            + string.Concat(Enumerable.Range(1, 3).Select(i => VerlWriters.FileLoggerLine(i, PpoStep(i))));
        Assert.Contains("\"actor/pg_loss\":null", text, StringComparison.Ordinal);
        var file = temp.Write("gsm8k_ppo/exp1.jsonl", text);

        // When
        var run = Read(file);

        // Then
        Assert.True(double.IsNaN(run.Find("actor/pg_loss")!.Points.Single(p => p.Step == 2).Value));
        Assert.Equal(new SkippedRecords("non-numeric value of 'resize/mode'", 3, $"{file}: line 2"), Assert.Single(run.Skipped));
        var score = Assert.Single(run.WithCanonical(CanonicalSeries.RlValScore));
        Assert.Equal(("HuggingFaceH4/MATH-500", 0L, 0.41), (score.Benchmark, score.Points[0].Step, score.Points[0].Value));
        Assert.Equal("critic/score/mean", Assert.Single(run.WithCanonical(CanonicalSeries.RlTrainReward)).Key);
        Assert.Equal("actor/kl_loss", Assert.Single(run.WithCanonical(CanonicalSeries.Kl)).Key);
        Assert.Equal("response_length/mean", Assert.Single(run.WithCanonical(CanonicalSeries.ResponseLength)).Key);
        Assert.Equal("perf/total_num_tokens", Assert.Single(run.WithCanonical(CanonicalSeries.StepTokens)).Key);
        Assert.Equal("exp1", run.Name);
    }

    [Fact]
    public void Reader_applies_the_unit_fixes_of_the_verl_fsdp_SFT_trainer_keys()
    {
        // Given fsdp_sft_trainer logs lr x1000 and the new SFT trainer logs total tokens in billions
        using var temp = new TempFolder();
        var file = temp.Write("sft.jsonl",
            VerlWriters.FileLoggerLine(1, new Dictionary<string, object?> { ["train/loss"] = 1.2, ["train/lr(1e-3)"] = 0.02, ["train/total_tokens(B)"] = 0.0125, ["val/loss"] = 1.3 }));

        // When
        var run = Read(file);

        // Then
        var lr = Assert.Single(run.WithCanonical(CanonicalSeries.LearningRate));
        Precision.AssertClose(2e-5, lr.Points[0].Value, 12);
        Assert.Equal(1e-3, lr.Scale);
        Precision.AssertClose(1.25e7, Assert.Single(run.WithCanonical(CanonicalSeries.Tokens)).Points[0].Value, 12);
        Assert.Equal("train/loss", Assert.Single(run.WithCanonical(CanonicalSeries.SftTrainLoss)).Key);
        Assert.Equal("val/loss", Assert.Single(run.WithCanonical(CanonicalSeries.SftValLoss)).Key);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(13)]
    public void Reader_gives_the_same_run_with_tiny_buffers_and_keeps_lines_before_a_truncated_one(int bufferSize)
    {
        // Given a resumed run that appended step 2 again, and a last line cut mid-record
        using var temp = new TempFolder();
        var last = VerlWriters.FileLoggerLine(4, PpoStep(4));
        var text = VerlWriters.FileLoggerLine(1, PpoStep(1)) + VerlWriters.FileLoggerLine(2, PpoStep(2))
            + VerlWriters.FileLoggerLine(2, PpoStep(3)) + VerlWriters.FileLoggerLine(3, PpoStep(3)) + last[..(last.Length / 2)];
        var file = temp.Write("run.jsonl", text);

        // When
        var run = Read(file, ReaderOptions.Default with { BufferSize = bufferSize });

        // Then
        var score = run.Find("critic/score/mean")!;
        Assert.Equal([1L, 2, 3], score.Points.Select(p => p.Step));
        Assert.Equal(0.5 + 0.15, score.Points[1].Value, 12);
        Assert.Equal(1, run.Skipped.Single(s => s.Reason.StartsWith("line repeats", StringComparison.Ordinal)).Count);
        Assert.Equal($"{file}: line 5", run.Skipped.Single(s => s.Reason.StartsWith("truncated", StringComparison.Ordinal)).FirstLocation);
    }

    [Fact]
    public void Detection_needs_the_step_and_data_shape_on_the_first_line()
    {
        using var temp = new TempFolder();
        var verl = temp.Write("a.jsonl", VerlWriters.FileLoggerLine(0, new Dictionary<string, object?> { ["x"] = 1.0 }));
        var other = temp.Write("b.jsonl", "{\"step\": 1, \"loss\": 2.0}\n");
        Assert.True(new VerlJsonlReader().CanRead(verl));
        Assert.False(new VerlJsonlReader().CanRead(other));
    }
}
