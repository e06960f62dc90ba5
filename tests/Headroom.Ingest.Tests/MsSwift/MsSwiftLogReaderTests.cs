namespace Headroom.Ingest.Tests.MsSwift;

public sealed class MsSwiftLogReaderTests
{
    private static RunLog Read(string path) => Assert.Single(new MsSwiftLogReader().Read(path, ReaderOptions.Default));

    [Fact]
    public void Reader_reads_the_2023_logging_jsonl_with_global_step()
    {
        // Given the 2023 callback: HF logs plus global_step; an eval line shares step 10 with a train line
        using var temp = new TempFolder();
        var file = temp.Write("output/qwen-7b/v3-20230918-120111/logging.jsonl",
            "{\"loss\": 4.4561, \"learning_rate\": 5.46e-06, \"epoch\": 0.0, \"global_step\": 10}\n"
            + "{\"eval_loss\": 4.42, \"eval_runtime\": 112.0, \"epoch\": 0.0, \"global_step\": 10}\n"
            + "{\"loss\": 4.3683, \"learning_rate\": 1.093e-05, \"epoch\": 0.0, \"global_step\": 20}\n");

        // When
        var run = Read(file);

        // Then
        Assert.Equal([4.4561, 4.3683], Assert.Single(run.WithCanonical(CanonicalSeries.SftTrainLoss)).Points.Select(p => p.Value));
        Assert.Equal(10, Assert.Single(run.WithCanonical(CanonicalSeries.SftValLoss)).Points.Single().Step);
        Assert.Equal(1, run.Skipped.Single(s => s.Reason.StartsWith("line repeats", StringComparison.Ordinal)).Count);
        Assert.Equal("v3-20230918-120111", run.Name);
    }

    [Fact]
    public void Reader_reads_the_2024_logging_jsonl_with_step_fraction_percent_and_unit_durations()
    {
        // Given the later callback's fields
        using var temp = new TempFolder();
        var file = temp.Write("logging.jsonl",
            "{\"loss\": 1.9, \"grad_norm\": 2.1, \"learning_rate\": 9.9e-05, \"memory(GiB)\": 18.4, \"train_speed(iter/s)\": 0.41, \"epoch\": 0.1, \"global_step/max_steps\": \"5/50\", \"percentage\": \"10.00%\", \"elapsed_time\": \"1m 2s\", \"remaining_time\": \"9m 18s\"}\n");

        // When
        var run = Read(file);

        // Then
        Assert.Equal(new MetricPoint(5, 1.9, 62), run.Find("loss")!.Points.Single());
        Assert.Equal(10.0, run.Find("percentage")!.Points.Single().Value);
        Assert.Equal(18.4, run.Find("memory(GiB)")!.Points.Single().Value);
        Assert.Equal("50", run.Metadata["max_steps"]);
    }
}
