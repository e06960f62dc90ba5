using static Headroom.Ingest.Tests.Data.VerlWriters;

namespace Headroom.Ingest.Tests.Verl;

public sealed class VerlConsoleReaderTests
{
    private static RunLog Read(string path, ReaderOptions? options = null)
        => Assert.Single(new VerlConsoleReader().Read(path, options ?? ReaderOptions.Default));

    /// <summary>A tee'd console of a verl 0.4+ run (pformat values, numpy 2 scalars) among Ray and tqdm noise.</summary>
    private static string Console(bool oldFormat)
    {
        var text = new System.Text.StringBuilder();
        text.Append("2025-06-25 10:00:00,000\tINFO worker.py:1832 -- Started a local Ray instance.\n");
        text.Append(RayLine("\u001b[32mwandb\u001b[0m: Tracking run with wandb version 0.19.1")).Append('\n');
        for (var step = 1; step <= 3; step++)
        {
            var data = new Dictionary<string, object?>
            {
                ["actor/entropy"] = new NumpyFloat(0.6 - (step * 0.01)),
                ["actor/lr"] = 1e-6,
                ["actor/pg_loss"] = -0.12,
                ["critic/score/mean"] = 0.5 + (step * 0.1),
                ["critic/advantages/min"] = -2.8038980960845947,
                ["perf/total_num_tokens"] = 2740470L,
                ["timing_s/old_log_prob"] = 1.7e-05,
                ["note"] = "not a number",
                ["val-core/openai/gsm8k/reward/mean@1"] = step == 3 ? 0.866565579984837 : null,
            };
            text.Append(TqdmBar(step, 3));
            text.Append(RayLine(ConcatDictToStr(step, data, oldFormat))).Append('\n');
        }

        text.Append(RayLine("(\"Final validation metrics: {'val-core/openai/gsm8k/reward/mean@1': \"")).Append('\n');
        return text.ToString();
    }

    [Fact]
    public void Reader_reads_LocalLogger_lines_with_pformat_values_and_numpy_scalars_among_ANSI_and_tqdm_noise()
    {
        // Given
        using var temp = new TempFolder();
        var file = temp.Write("verl_demo.log", Console(oldFormat: false));

        // When
        var run = Read(file);

        // Then
        Assert.Equal(0.6 - 0.02, run.Find("actor/entropy")!.Points[1].Value, 12);
        Assert.Equal(-2.8038980960845947, run.Find("critic/advantages/min")!.Points[0].Value);
        Assert.Equal(1.7e-05, run.Find("timing_s/old_log_prob")!.Points[0].Value);
        Assert.Equal(1e-6, Assert.Single(run.WithCanonical(CanonicalSeries.LearningRate)).Points[0].Value);
        Assert.Equal([1L, 2, 3], Assert.Single(run.WithCanonical(CanonicalSeries.RlTrainReward)).Points.Select(p => p.Step));
        var val = Assert.Single(run.WithCanonical(CanonicalSeries.RlValScore));
        Assert.Equal(("openai/gsm8k", 3L, 0.866565579984837), (val.Benchmark, val.Points.Single().Step, val.Points.Single().Value));
        Assert.Null(run.Find("note"));

        // 2 header lines + 3 tqdm lines of 4 CR-separated segments each (the first is empty) + the last line
        Assert.Equal(2 + (3 * 4) + 1, run.Skipped.Single(s => s.Reason == "non-metric console line").Count);
        Assert.Equal("3", run.Metadata["metric_lines"]);
    }

    [Fact]
    public void Reader_reads_the_older_three_decimals_format()
    {
        // Given
        using var temp = new TempFolder();
        var file = temp.Write("train.log", Console(oldFormat: true));

        // When
        var run = Read(file);

        // Then
        Assert.Equal([0.6, 0.7, 0.8], run.Find("critic/score/mean")!.Points.Select(p => p.Value));
        Assert.Equal(0.0, run.Find("actor/lr")!.Points[0].Value);
        Assert.Equal(0.590, run.Find("actor/entropy")!.Points[0].Value);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(333)]
    public void Reader_gives_the_same_run_whatever_the_buffer_size(int bufferSize)
    {
        // Given
        using var temp = new TempFolder();
        var file = temp.Write("verl_demo.log", Console(oldFormat: false));
        var expected = Read(file);

        // When
        var run = Read(file, ReaderOptions.Default with { BufferSize = bufferSize });

        // Then
        Assert.Equal(expected.Series.SelectMany(s => s.Points), run.Series.SelectMany(s => s.Points));
        Assert.Equal(expected.Skipped, run.Skipped);
    }

    [Theory]
    [InlineData("np.float64(0.5)", 0.5)]
    [InlineData("np.float32(1e-06)", 1e-06)]
    [InlineData("np.int64(7)", 7)]
    [InlineData("tensor(0.25)", 0.25)]
    [InlineData("nan", double.NaN)]
    [InlineData("-inf", double.NegativeInfinity)]
    [InlineData("True", 1)]
    [InlineData("3", 3)]
    public void Printed_scalars_parse_as_python_and_numpy_write_them(string text, double expected)
    {
        Assert.True(VerlConsoleReader.TryValue(text, out var value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Log_without_metric_lines_is_an_error_naming_the_file()
    {
        using var temp = new TempFolder();
        var file = temp.Write("train.log", "hello\nworld\r\n");
        var error = Assert.Throws<IngestException>(() => Read(file));
        Assert.Equal($"{file}: no usable record: no 'step:N - key:value' line among its 2 lines.", error.Message);
    }
}
