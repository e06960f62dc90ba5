using Parquet;
using Parquet.Schema;

namespace Headroom.Ingest.Tests;

public sealed class WandbExportTests
{
    [Fact]
    public void Panel_csv_export_gives_one_run_per_run_prefix_and_counts_min_max_cells()
    {
        // Given the CSV a W&B line panel exports for two runs (wandb issues #5349, #6474 show the layout)
        using var temp = new TempFolder();
        var file = temp.File("wandb_export_2024-04-16T15_40_45.123+02_00.csv");
        File.WriteAllText(file, """
            "Step","sft-lr1e-5 - train/loss","sft-lr1e-5 - train/loss__MIN","sft-lr1e-5 - train/loss__MAX","dpo - v2 - train/loss","dpo - v2 - train/loss__MIN","dpo - v2 - train/loss__MAX"
            "10","2.5","2.4","2.6","3.1","3.0","3.2"
            "20","2.0","1.9","2.1","",""," "
            "30","1.5","1.4","1.6","2.2","2.1","2.3"
            """);

        // When
        var reader = new WandbReader();
        var runs = reader.Read(file, ReaderOptions.Default);

        // Then run names may hold " - " themselves: the split is at the last one
        Assert.True(reader.CanRead(file));
        Assert.Equal(["sft-lr1e-5", "dpo - v2"], runs.Select(r => r.Name));
        Assert.Equal([10L, 20, 30], runs[0].Find("train/loss")!.Points.Select(p => p.Step));
        Assert.Equal([2.5, 2.0, 1.5], runs[0].Find("train/loss")!.Points.Select(p => p.Value));
        Assert.Equal([10L, 30], runs[1].Find("train/loss")!.Points.Select(p => p.Step));
        Assert.Equal(6, runs[0].Skipped.Single(s => s.Reason == WandbPanelCsv.MinMaxReason).Count);
        Assert.Equal(5, runs[1].Skipped.Single(s => s.Reason == WandbPanelCsv.MinMaxReason).Count);
        Assert.Single(runs[0].Series);
    }

    [Fact]
    public void A_history_csv_export_is_summarised_as_it_streams_exactly_as_read_whole()
    {
        // Given a `run.history()` export as pandas saves it: an unnamed index column, `_step`, HF's global step as the
        // step axis from row 2 on, a repeated global step (the later value wins), empty and NaN cells
        using var temp = new TempFolder();
        var file = temp.File("history.csv");
        File.WriteAllText(file, """
            ,_step,_timestamp,train/loss,train/global_step,eval/accuracy
            0,0,1713260000,2.5,,
            1,1,1713260010,2.0,10,
            2,2,1713260020,1.75,20,0.5
            3,3,1713260030,1.5,20,nan
            4,4,1713260040,,30,0.625
            """);

        // When it is summarised (streamed row by row) and read whole
        var summary = Assert.Single(LogIngest.Summarise([file]).Runs);
        var whole = RunSummary.Of(Assert.Single(LogIngest.Read([file]).Runs));

        // Then the same series, totals and skips; by hand: train/loss at steps 0, 10, 20 (1.5 replaced 1.75), 3 points
        Assert.Equal(whole.Series, summary.Series);
        Assert.Equal(whole.Skipped, summary.Skipped);
        Assert.Equal(whole.Metadata["history_rows"], summary.Metadata["history_rows"]);
        var loss = summary.Series.Single(s => s.Key == "train/loss");
        Assert.Equal((3L, 0L, 20L, 1.5, 2.5), (loss.Count, (long)loss.FirstStep!, (long)loss.LastStep!, (double)loss.Min!, (double)loss.Max!));
        Assert.Equal(new SkippedRecords(WandbExport.NaNCellReason, 1, $"{file}: line 5"), Assert.Single(summary.Skipped));
    }

    [Fact]
    public void Panel_export_with_a_time_axis_is_rejected_with_a_fix()
    {
        // Given a panel exported against relative time
        using var temp = new TempFolder();
        var file = temp.File("export.csv");
        File.WriteAllText(file, "\"Relative Time (Process)\",\"run-a - loss\"\n\"1.5\",\"2\"\n");

        // When
        var error = Assert.Throws<IngestException>(() => new WandbReader().Read(file, ReaderOptions.Default));

        // Then
        Assert.Equal($"{file}: line 1: the x-axis column 'Relative Time (Process)' is not a step; export the panel with Step (or a global-step metric) as its x-axis.", error.Message);
    }

    [Fact]
    public void History_csv_export_written_by_pandas_uses_the_step_rule_and_ignores_the_index_column()
    {
        // Given run.history().to_csv(): pandas' unnamed index, _step, _runtime, _timestamp, HF keys
        using var temp = new TempFolder();
        var file = temp.File("history.csv");
        File.WriteAllText(file, """
            ,_step,_runtime,_timestamp,train/loss,train/global_step,eval/loss
            0,0,10.5,1713260000.0,2.31,5,
            1,1,20.5,1713260010.0,2.10,10,NaN
            2,2,30.5,1713260020.0,1.95,15,2.05
            """);

        // When
        var run = Assert.Single(new WandbReader().Read(file, ReaderOptions.Default));

        // Then steps come from train/global_step; the NaN cell is counted, the empty one is "not logged"
        Assert.Equal("wandb", run.Format);
        Assert.Equal([5L, 10, 15], run.Find("train/loss")!.Points.Select(p => p.Step));
        Assert.Equal(new MetricPoint(15, 2.05, 1713260020.0), Assert.Single(run.Find("eval/loss")!.Points));
        Assert.Equal(1, run.Skipped.Single(s => s.Reason == WandbExport.NaNCellReason).Count);
        Assert.Null(run.Find(string.Empty));
    }

    [Fact]
    public async Task History_parquet_export_reads_nullable_and_required_numeric_columns()
    {
        // Given a history Parquet (the `<run-id>-history` artifact layout): required _step, nullable metrics
        using var temp = new TempFolder();
        var file = temp.File("abc123-history.parquet");
        var step = new DataField<long>("_step");
        var loss = new DataField<double?>("train/loss");
        var reward = new DataField<float?>("train/reward");
        var note = new DataField<string>("note");
        await using (var stream = File.Create(file))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(step, loss, reward, note), stream, cancellationToken: TestContext.Current.CancellationToken))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<long>(step, new long[] { 0, 1, 2 }, null, null, TestContext.Current.CancellationToken);
            await group.WriteAsync<double>(loss, new double?[] { 2.5, null, 1.5 }, null, null, TestContext.Current.CancellationToken);
            await group.WriteAsync<float>(reward, new float?[] { null, 0.25f, float.NaN }, null, null, TestContext.Current.CancellationToken);
            await group.WriteAsync(note, new[] { "a", "b", "c" }, null);
        }

        // When
        var reader = new WandbReader();
        var run = Assert.Single(reader.Read(file, ReaderOptions.Default));

        // Then
        Assert.True(reader.CanRead(file));
        Assert.Equal([0L, 2], run.Find("train/loss")!.Points.Select(p => p.Step));
        Assert.Equal(new MetricPoint(1, 0.25), Assert.Single(run.Find("train/reward")!.Points));
        Assert.Equal(1, run.Skipped.Single(s => s.Reason == WandbExport.NaNCellReason).Count);
        Assert.Equal(3, run.Skipped.Single(s => s.Reason == "non-numeric column in an export (note)").Count);

        // And summarised (streamed a row group at a time, nothing kept) it is what the whole read gives
        var summary = Assert.Single(LogIngest.Summarise([file]).Runs);
        Assert.Equal(RunSummary.Of(run).Series, summary.Series);
        Assert.Equal(RunSummary.Of(run).Skipped, summary.Skipped);
        Assert.Equal((2L, 1.5, 2.5), summary.Series.Single(s => s.Key == "train/loss") is var l ? (l.Count, (double)l.Min!, (double)l.Max!) : default);
    }

    [Fact]
    public void Plain_csv_without_wandb_columns_is_not_claimed()
    {
        // Given
        using var temp = new TempFolder();
        var file = temp.File("metrics.csv");
        File.WriteAllText(file, "step,loss\n1,2\n");

        // When / Then
        Assert.False(new WandbReader().CanRead(file));
    }

    [Fact]
    public void Unreadable_parquet_and_unknown_files_are_named()
    {
        // Given a Parquet file cut to its first bytes and a text file that is no W&B log
        using var temp = new TempFolder();
        var parquet = temp.File("history.parquet");
        File.WriteAllBytes(parquet, [0x50, 0x41, 0x52, 0x31, 0x00, 0x01]);
        var other = temp.File("notes.txt");
        File.WriteAllText(other, "hello");

        // When
        var parquetError = Assert.Throws<IngestException>(() => new WandbReader().Read(parquet, ReaderOptions.Default));
        var otherError = Assert.Throws<IngestException>(() => new WandbReader().Read(other, ReaderOptions.Default));

        // Then
        Assert.StartsWith($"{parquet}: byte 0: the file does not read as Parquet (", parquetError.Message);
        Assert.StartsWith($"{other}: no reader recognises", otherError.Message);
    }
}
