namespace Headroom.Ingest.Tests.LmEval;

public sealed class LmEvalReaderTests
{
    private const string V04Results = """
        {
          "results": {
            "gsm8k": {"alias": "gsm8k", "exact_match,strict-match": 0.62, "exact_match_stderr,strict-match": 0.0134, "exact_match,flexible-extract": 0.64, "exact_match_stderr,flexible-extract": "N/A"},
            "arc_easy": {"alias": "arc_easy", "acc,none": 0.75, "acc_stderr,none": 0.0088, "acc_norm,none": 0.72, "acc_norm_stderr,none": 0.0092}
          },
          "n-shot": {"gsm8k": 5, "arc_easy": 0},
          "n-samples": {"gsm8k": {"original": 1319, "effective": 1319}},
          "config": {"model": "hf", "model_args": "pretrained=Qwen/Qwen2.5-1.5B", "batch_size": "auto", "limit": null},
          "model_name": "Qwen/Qwen2.5-1.5B",
          "model_name_sanitized": "Qwen__Qwen2.5-1.5B",
          "date": 1740960312.3,
          "total_evaluation_time_seconds": "512.4"
        }
        """;

    private static RunLog Read(string path) => Assert.Single(new LmEvalReader().Read(path, ReaderOptions.Default));

    [Fact]
    public void Reader_reads_lm_eval_0_4_results_as_task_metric_filter_series_at_step_zero()
    {
        // Given
        using var temp = new TempFolder();
        var file = temp.Write("out/Qwen__Qwen2.5-1.5B/results_2025-03-03T00-05-12.300060.json", V04Results);

        // When
        var run = Read(file);

        // Then
        Assert.Equal(new MetricPoint(0, 0.62), run.Find("gsm8k/exact_match,strict-match")!.Points.Single());
        Assert.Equal(new SkippedRecords("stderr not computed ('N/A')", 1, $"{file}: gsm8k/exact_match_stderr,flexible-extract"), Assert.Single(run.Skipped));
        var scores = run.WithCanonical(CanonicalSeries.BenchmarkScore).ToDictionary(s => s.Benchmark!, s => s.Key);
        Assert.Equal("gsm8k/exact_match,flexible-extract", scores["gsm8k"]);
        Assert.Equal("arc_easy/acc_norm,none", scores["arc_easy"]);
        Assert.Equal("Qwen__Qwen2.5-1.5B", run.Name);
        Assert.Equal("Qwen/Qwen2.5-1.5B", run.Metadata["model_name"]);
        Assert.Equal("5", run.Metadata["n-shot.gsm8k"]);
        Assert.Equal("1319 of 1319", run.Metadata["n-samples.gsm8k"]);
        Assert.Equal("pretrained=Qwen/Qwen2.5-1.5B", run.Metadata["config.model_args"]);
    }

    [Fact]
    public void Reader_takes_the_step_from_a_checkpoint_folder_in_the_path()
    {
        // Given the evaluation of checkpoint-1200
        using var temp = new TempFolder();
        var file = temp.Write("sft/checkpoint-1200/eval/results_2025-01-01T00-00-00.json", V04Results);

        // When
        var run = Read(file);

        // Then
        Assert.All(run.Series.SelectMany(s => s.Points), p => Assert.Equal(1200, p.Step));
        Assert.Equal("path", run.Metadata["step_source"]);
    }

    [Fact]
    public void Reader_reads_the_lm_eval_0_3_shot_file_without_filters_and_names_the_run_after_the_model()
    {
        // Given the v0.3 shape
        using var temp = new TempFolder();
        var file = temp.Write("bloom-1b1_common_sense_reasoning_0-shot.json", """
            {"results": {"boolq": {"acc": 0.59, "acc_stderr": 0.0086}, "mc_taco": {"em": 0.14, "f1": 0.32}},
             "versions": {"boolq": 1, "mc_taco": 0},
             "config": {"model": "hf-causal-experimental", "model_args": "pretrained=bigscience/bloom-1b1,use_accelerate=True", "num_fewshot": 0}}
            """);

        // When
        var run = Read(file);

        // Then
        Assert.Equal(["boolq/acc", "boolq/acc_stderr", "mc_taco/em", "mc_taco/f1"], run.Series.Select(s => s.Key));
        Assert.Equal("bigscience/bloom-1b1", run.Name);
        Assert.Equal(2, run.WithCanonical(CanonicalSeries.BenchmarkScore).Count());
        Assert.True(new LmEvalReader().CanRead(file));
    }
}
