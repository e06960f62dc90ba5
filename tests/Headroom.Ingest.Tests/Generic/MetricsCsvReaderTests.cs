namespace Headroom.Ingest.Tests.Generic;

public sealed class MetricsCsvReaderTests
{
    [Fact]
    public void Lightning_metrics_csv_is_read_without_a_mapping_train_and_validation_rows_apart()
    {
        // Given a run folder as PyTorch Lightning's CSVLogger leaves it: training rows and validation rows share the
        // header, each leaving the other's cells empty, and the epoch rides along
        using var temp = new TempFolder();
        temp.Write("lightning_logs/version_0/hparams.yaml", "lr: 0.0001\n");
        var file = temp.Write("lightning_logs/version_0/metrics.csv",
            "epoch,step,train_loss,val_loss\n"
            + "0,49,0.6931,\n"
            + "0,99,0.6012,\n"
            + "0,99,,0.5500\n"
            + "1,149,0.4870,\n"
            + "1,199,0.4102,\n"
            + "1,199,,0.4675\n");

        // When the folder is read as a user points at it
        var result = LogIngest.Read([temp.Path]);

        // Then one run of three series, the validation loss at the steps its rows name, the empty cells counted
        var run = Assert.Single(result.Runs);
        Assert.Equal(Formats.MetricsCsv, run.Format);
        Assert.Equal("metrics", run.Name);
        Assert.Equal([(99L, 0.55), (199L, 0.4675)], run.Find("val_loss")!.Points.Select(p => (p.Step, p.Value)));
        Assert.Equal(CanonicalSeries.SftValLoss, run.Find("val_loss")!.Canonical);
        Assert.Equal([49L, 99, 149, 199], run.Find("train_loss")!.Points.Select(p => p.Step));
        Assert.Equal(CanonicalSeries.SftTrainLoss, run.Find("train_loss")!.Canonical);
        Assert.Equal([0.0, 0, 1, 1], run.Find("epoch")!.Points.Select(p => p.Value));
        Assert.Equal(new SkippedRecords("empty cell in 'val_loss'", 4, $"{file}: line 2"), run.Skipped.Single(s => s.Reason.EndsWith("'val_loss'", StringComparison.Ordinal)));
        Assert.Equal(2, run.Skipped.Single(s => s.Reason == "empty cell in 'train_loss'").Count);
        Assert.Equal([Path.Combine(temp.Path, "lightning_logs", "version_0", "hparams.yaml")], result.Unrecognised);
    }

    [Fact]
    public void TensorBoard_web_download_takes_its_tag_and_run_from_the_file_name()
    {
        // Given a scalar downloaded from TensorBoard's web UI (run "sft_a", tag "eval/loss" written "eval_loss")
        using var temp = new TempFolder();
        var file = temp.Write("downloads/run-sft_a-tag-eval_loss.csv", "Wall time,Step,Value\n1713260000.5,10,2.5\n1713260010.25,20,2.25\n");

        // When
        var run = Assert.Single(LogIngest.Read([file]).Runs);

        // Then the value column is the tag's series, with the wall times
        Assert.Equal("sft_a", run.Name);
        var series = Assert.Single(run.Series);
        Assert.Equal("eval_loss", series.Key);
        Assert.Equal([new MetricPoint(10, 2.5, 1713260000.5), new MetricPoint(20, 2.25, 1713260010.25)], series.Points);
    }

    [Fact]
    public void A_TensorBoard_download_named_otherwise_keys_its_values_by_the_file_name_and_runs_by_the_folder()
    {
        // Given
        using var temp = new TempFolder();
        var file = temp.Write("run7/reward.csv", "Wall time,Step,Value\n1713260000,5,0.125\n");

        // When
        var run = Assert.Single(LogIngest.Read([file]).Runs);

        // Then
        Assert.Equal("run7", run.Name);
        Assert.Equal(new MetricPoint(5, 0.125, 1713260000), Assert.Single(run.Find("reward")!.Points));
    }

    [Fact]
    public void A_table_without_a_known_step_column_stays_unrecognised_and_a_hint_says_why()
    {
        // Given a table that is not a log (a step of another name) and a ;-separated one
        using var temp = new TempFolder();
        var curves = temp.Write("tables/curves.csv", "sft_step,rl_ef,overall\n0,2.1,48.5\n");
        var european = temp.Write("tables/metrics.csv", "step;loss\n1;2,5\n");
        temp.Write("run/metrics.csv", "step,loss\n1,2.5\n");

        // When
        var result = LogIngest.Read([temp.Path]);
        var error = Assert.Throws<IngestException>(() => LogIngest.Read([european], ReaderOptions.Default with { FormatHint = Formats.MetricsCsv }));

        // Then
        Assert.Equal([curves, european], result.Unrecognised.Order(StringComparer.Ordinal));
        Assert.Equal(2.5, Assert.Single(result.Runs).Find("loss")!.Points.Single().Value);
        Assert.Equal(
            $"{european}: line 1: no step column (step, global_step, Step, train/global_step, trainer/global_step, iteration, iter) in the header (the header is one column 'step;loss': this reader splits a .csv file at ','); name it with --step and --format-hint generic_csv.",
            error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\n")]
    public void An_empty_or_blank_table_named_by_hint_is_reported_as_empty(string text)
    {
        // Given
        using var temp = new TempFolder();
        var file = temp.Write("metrics.csv", text);

        // When
        var error = Assert.Throws<IngestException>(() => LogIngest.Read([file], ReaderOptions.Default with { FormatHint = Formats.MetricsCsv }));

        // Then
        Assert.Equal($"{file}: the file is empty.", error.Message);
    }

    [Fact]
    public void Wandb_exports_stay_with_the_wandb_reader()
    {
        // Given a history export that also holds a `step` column
        using var temp = new TempFolder();
        var file = temp.Write("history.csv", "_step,step,train/loss\n0,5,2.0\n1,10,1.5\n");

        // When
        var run = Assert.Single(LogIngest.Read([file]).Runs);

        // Then
        Assert.Equal(new WandbReader().Format, run.Format);
    }
}
