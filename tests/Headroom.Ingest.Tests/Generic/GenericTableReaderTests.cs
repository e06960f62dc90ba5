using Parquet.Serialization;

namespace Headroom.Ingest.Tests.Generic;

public sealed class GenericTableReaderTests
{
    private static ReaderOptions With(TableColumns columns) => ReaderOptions.Default with { Table = columns };

    [Fact]
    public void Wide_CSV_like_a_wandb_history_export_gives_one_series_per_column_and_counts_empty_cells()
    {
        // Given run.history() written with pandas to_csv: _step, _runtime, _timestamp, then sparse metrics
        using var temp = new TempFolder();
        var file = temp.Write("history.csv",
            "_step,_runtime,_timestamp,train/loss,eval/loss,train/learning_rate\n"
            + "0,10.5,1713260000.0,2.31,,1e-05\n"
            + "1,20.5,1713260010.0,2.10,,9e-06\n"
            + "2,30.5,1713260020.0,1.95,2.05,8e-06\n");

        // When
        var run = Assert.Single(LogIngest.Read([file], With(new TableColumns("_step", WallTime: "_timestamp"))).Runs);

        // Then
        Assert.Equal(Formats.GenericCsv, run.Format);
        Assert.Equal(new MetricPoint(2, 2.05, 1713260020.0), Assert.Single(run.WithCanonical(CanonicalSeries.SftValLoss)).Points.Single());
        Assert.Equal(3, Assert.Single(run.WithCanonical(CanonicalSeries.SftTrainLoss)).Count);
        Assert.Equal("train/learning_rate", Assert.Single(run.WithCanonical(CanonicalSeries.LearningRate)).Key);
        Assert.Equal(new SkippedRecords("empty cell in 'eval/loss'", 2, $"{file}: line 2"), Assert.Single(run.Skipped));
        Assert.Equal(3, run.Find("_runtime")!.Count);
    }

    [Fact]
    public void Long_CSV_with_a_run_column_gives_several_runs()
    {
        // Given a tidy table of two runs
        using var temp = new TempFolder();
        var file = temp.Write("tidy.tsv", "run\tstep\tmetric\tvalue\tts\nsft-a\t10\tloss\t1.5\t2024-04-16T15:40:45Z\nsft-a\t10\teval_loss\t1.7\t2024-04-16T15:40:45Z\nsft-b\t10\tloss\t1.4\tsoon\n");

        // When
        var runs = LogIngest.Read([file], With(new TableColumns("step", WallTime: "ts", Run: "run", Key: "metric", Value: "value"))).Runs;

        // Then
        Assert.Equal(["sft-a", "sft-b"], runs.Select(r => r.Name));
        Assert.Equal(new MetricPoint(10, 1.7, 1713282045), runs[0].Find("eval_loss")!.Points.Single());
        Assert.Null(runs[1].Find("loss")!.Points.Single().WallTime);
        Assert.Equal("row without a readable wall time in 'ts'", Assert.Single(runs[1].Skipped).Reason);
    }

    [Fact]
    public void A_key_without_a_single_number_is_no_series_in_either_layout_and_its_cells_are_counted()
    {
        // Given a long and a wide table where 'acc' is only ever empty or text
        using var temp = new TempFolder();
        var tidy = temp.Write("tidy.csv", "step,metric,value\n1,loss,2.0\n1,acc,\n2,acc,n/a\n2,loss,1.5\n");
        var wide = temp.Write("wide.csv", "step,loss,acc\n1,2.0,\n2,1.5,n/a\n");

        // When
        var fromTidy = Assert.Single(LogIngest.Summarise([tidy], With(new TableColumns("step", Key: "metric", Value: "value"))).Runs);
        var fromWide = Assert.Single(LogIngest.Summarise([wide], With(new TableColumns("step"))).Runs);

        // Then both give the one series 'loss' (2 points, 1.5..2.0) and count acc's empty and text cells at their lines
        foreach (var (run, file) in new[] { (fromTidy, tidy), (fromWide, wide) })
        {
            var loss = Assert.Single(run.Series);
            Assert.Equal(("loss", 2L, 1.5, 2.0), (loss.Key, loss.Count, (double)loss.Min!, (double)loss.Max!));
            Assert.Equal(
                [new SkippedRecords("empty cell in 'acc'", 1, $"{file}: line {(run == fromTidy ? 3 : 2)}"), new SkippedRecords("non-numeric value of 'acc'", 1, $"{file}: line {(run == fromTidy ? 4 : 3)}")],
                run.Skipped);
        }
    }

    [Fact]
    public void A_table_of_interleaved_runs_is_summarised_as_it_streams_exactly_as_read_whole()
    {
        // Given a wide JSONL table whose rows alternate between three runs, with a malformed line and text cells
        using var temp = new TempFolder();
        var file = temp.Write("runs.jsonl",
            "{\"run\": \"b\", \"step\": 1, \"loss\": 2.0, \"note\": \"x\"}\n"
            + "{\"run\": \"a\", \"step\": 1, \"loss\": 3.0}\n"
            + "{\"run\": \"b\", \"step\": 2, \"loss\": 1.5\n"
            + "{\"run\": \"c\", \"step\": 5, \"loss\": 0.5, \"reward\": 0.25}\n"
            + "{\"run\": \"a\", \"step\": 2, \"loss\": 2.5, \"note\": \"y\"}\n"
            + "{\"run\": \"b\", \"step\": 3, \"loss\": 1.0}\n");
        var options = With(new TableColumns("step", Run: "run"));

        // When it is summarised (streamed: no run is held) and read whole
        var summary = LogIngest.Summarise([file], options).Runs;
        var whole = LogIngest.Read([file], options).Runs;

        // Then both give the runs in the order they first appear, with the same totals and skips, the unreadable line
        // counted in every run ahead of its own skips
        Assert.Equal(["b", "a", "c"], summary.Select(r => r.Name));
        Assert.Equal(whole.Select(RunSummary.Of).Select(Describe), summary.Select(Describe));
        Assert.Equal([(1L, 3L, 2L, 1.0, 2.0)], summary[0].Series.Where(s => s.Key == "loss").Select(s => ((long)s.FirstStep!, (long)s.LastStep!, s.Count, (double)s.Min!, (double)s.Max!)));
        Assert.Equal(["malformed JSON line", "non-numeric value of 'note'"], summary[0].Skipped.Select(s => s.Reason));
        Assert.Equal(new SkippedRecords("malformed JSON line", 1, $"{file}: line 3"), summary[2].Skipped.Single());
    }

    [Fact]
    public void Number_cells_in_the_spellings_Python_numpy_and_C_print_are_read_and_other_text_is_counted()
    {
        // Given a CSV whose value cells spell numbers every way a Python writer may
        using var temp = new TempFolder();
        var file = temp.Write("spellings.csv", "step,value\n1,nan\n2,-Infinity\n3,+inf\n4,-INF\n5, 2.5 \n6,1e3\n7,NaN\n8,infinity\n9,abc\n10,-\n");

        // When
        var run = Assert.Single(LogIngest.Read([file], With(new TableColumns("step"))).Runs);

        // Then
        double[] expected = [double.NaN, double.NegativeInfinity, double.PositiveInfinity, double.NegativeInfinity, 2.5, 1000, double.NaN, double.PositiveInfinity];
        Assert.Equal(expected, run.Find("value")!.Points.Select(p => p.Value));
        Assert.Equal(2, run.Skipped.Single(s => s.Reason == "non-numeric value of 'value'").Count);
    }

    private static string Describe(RunSummary run)
        => $"{run.Name}: {string.Join("; ", run.Series.Select(s => $"{s.Key} {s.Count} {s.FirstStep}-{s.LastStep} {s.Min}..{s.Max}"))} | {string.Join("; ", run.Skipped)}";

    [Fact]
    public void Wide_JSONL_flattens_nested_objects_and_counts_text()
    {
        // Given
        using var temp = new TempFolder();
        var file = temp.Write("metrics.jsonl", "{\"it\": 1, \"train\": {\"loss\": 2.0}, \"tag\": \"warmup\"}\n{\"it\": 2, \"train\": {\"loss\": 1.5}, \"tag\": \"main\"}\n");

        // When
        var run = Assert.Single(LogIngest.Read([file], With(new TableColumns("it"))).Runs);

        // Then
        Assert.Equal([2.0, 1.5], run.Find("train/loss")!.Points.Select(p => p.Value));
        Assert.Equal(CanonicalSeries.SftTrainLoss, run.Find("train/loss")!.Canonical);
        Assert.Equal(2, run.Skipped.Single(s => s.Reason == "non-numeric value of 'tag'").Count);
    }

    [Fact]
    public async Task Parquet_history_export_is_read_like_the_CSV()
    {
        // Given a history Parquet written by Parquet.Net
        using var temp = new TempFolder();
        var file = temp.Combine("history.parquet");
        await ParquetSerializer.SerializeAsync(
            [new HistoryRow { Step = 0, Loss = 2.5, Reward = null }, new HistoryRow { Step = 5, Loss = 2.0, Reward = 0.3 }], file, cancellationToken: TestContext.Current.CancellationToken);

        // When
        var run = Assert.Single(LogIngest.Read([file], With(new TableColumns("_step"))).Runs);

        // Then
        Assert.Equal(Formats.GenericParquet, run.Format);
        Assert.Equal([0L, 5], run.Find("train/loss")!.Points.Select(p => p.Step));
        Assert.Equal(new MetricPoint(5, 0.3), run.Find("train/reward")!.Points.Single());
        Assert.Equal("empty cell in 'train/reward'", Assert.Single(run.Skipped).Reason);
    }

    [Fact]
    public void Missing_step_column_names_the_columns_there_are()
    {
        using var temp = new TempFolder();
        var file = temp.Write("h.csv", "Step,loss\n1,2\n");
        var error = Assert.Throws<IngestException>(() => LogIngest.Read([file], With(new TableColumns("step"))));
        Assert.Equal($"{file}: no column 'step'; the columns are 'Step', 'loss'.", error.Message);
    }

    [Fact]
    public void Non_integral_step_is_counted_leniently_and_named_strictly()
    {
        using var temp = new TempFolder();
        var file = temp.Write("h.csv", "step,loss\n1,2\n1.5,3\n");
        var lenient = Assert.Single(LogIngest.Read([file], With(new TableColumns("step"))).Runs);
        var strict = Assert.Throws<IngestException>(() => LogIngest.Read([file], With(new TableColumns("step")) with { BadRecords = BadRecordPolicy.Strict }));
        Assert.Equal(1, lenient.Find("loss")!.Count);
        Assert.Equal($"{file}: line 3: the step column 'step' holds '1.5', not an integral number.", strict.Message);
    }

    [Fact]
    public void CSV_without_a_mapping_or_a_known_step_column_is_not_recognised_and_with_half_a_long_layout_is_refused()
    {
        using var temp = new TempFolder();
        var file = temp.Write("h.csv", "it,loss\n1,2\n");
        Assert.StartsWith($"{file}: no reader recognises", Assert.Throws<IngestException>(() => LogIngest.Read([file])).Message, StringComparison.Ordinal);
        var error = Assert.Throws<IngestException>(() => LogIngest.Read([file], With(new TableColumns("it", Key: "k"))));
        Assert.Equal("the column mapping is incomplete: a long layout needs both --key and --value.", error.Message);
    }

    public sealed class HistoryRow
    {
        [System.Text.Json.Serialization.JsonPropertyName("_step")]
        public long Step { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("train/loss")]
        public double Loss { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("train/reward")]
        public double? Reward { get; set; }
    }
}
