using Headroom.Ingest.Tests.Data;

namespace Headroom.Ingest.Tests.QwenMath;

public sealed class QwenMathEvalReaderTests
{
    private static string Metrics(int samples, double acc) => PythonJson.Dumps(new Dictionary<string, object?>
    {
        ["num_samples"] = (long)samples,
        ["num_scores"] = (long)samples,
        ["timeout_samples"] = 0L,
        ["empty_samples"] = 1L,
        ["acc"] = acc,
        ["time_use_in_second"] = 62.31,
        ["time_use_in_minite"] = "1:02",
    }, indent: 4);

    [Fact]
    public void Output_folder_of_math_eval_py_is_one_run_with_every_benchmark_as_a_fraction()
    {
        // Given math_eval.py output of checkpoint-500 for two benchmarks
        using var temp = new TempFolder();
        temp.Write("ckpt/checkpoint-500/math_eval/aime24/test_qwen25-math-cot_-1_seed0_t0.0_s0_e-1_qwen25-math-cot_metrics.json", Metrics(30, 13.3));
        temp.Write("ckpt/checkpoint-500/math_eval/gsm8k/test_qwen25-math-cot_-1_seed0_t0.0_s0_e-1_qwen25-math-cot_metrics.json", Metrics(1319, 85.2));
        var folder = temp.Combine("ckpt/checkpoint-500/math_eval");

        // When
        var result = LogIngest.Read([folder]);

        // Then
        var run = Assert.Single(result.Runs);
        Assert.Equal(Formats.QwenMathEval, run.Format);
        var scores = run.WithCanonical(CanonicalSeries.BenchmarkScore).ToDictionary(s => s.Benchmark!);
        Assert.Equal(0.133, scores["aime24"].Points.Single().Value, 12);
        Assert.Equal(0.852, scores["gsm8k"].Points.Single().Value, 12);
        Assert.Equal(500, scores["gsm8k"].Points.Single().Step);
        Assert.Equal(1319, run.Find("gsm8k/num_samples")!.Points.Single().Value);
        Assert.Equal(2, run.Skipped.Single(s => s.Reason == "non-numeric value of 'aime24/time_use_in_minite'").Count
            + run.Skipped.Single(s => s.Reason == "non-numeric value of 'gsm8k/time_use_in_minite'").Count);
        Assert.Empty(result.Unrecognised);
    }
}
