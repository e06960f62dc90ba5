using Headroom.Ingest.Tests.Data;

namespace Headroom.Ingest.Tests.Detection;

public sealed class LogIngestTests
{
    [Fact]
    public void Folder_walk_reads_a_run_folder_with_checkpoints_as_one_run_and_lists_unrecognised_files()
    {
        // Given an HF output folder with two checkpoints (weights inside), a README and a stray binary
        using var temp = new TempFolder();
        var sim = new HfTrainerSimulation(HfTrainerSimulation.Version.V4_46);
        sim.RunSft(100);
        temp.Write("exp/sft/checkpoint-100/trainer_state.json", sim.SaveToJson());
        temp.Write("exp/sft/checkpoint-100/optimizer.pt", "x");
        sim.RunSft(200);
        temp.Write("exp/sft/checkpoint-200/trainer_state.json", sim.SaveToJson());
        temp.Write("exp/sft/trainer_state.json", sim.SaveToJson());
        var readme = temp.Write("exp/README.md", "# notes");
        temp.Write("exp/.hidden", "x");

        // When
        var result = LogIngest.Read([temp.Combine("exp")]);

        // Then
        var run = Assert.Single(result.Runs);
        Assert.Equal(Formats.TrainerState, run.Format);
        Assert.Equal(temp.Combine("exp/sft"), run.Path);
        Assert.Equal(20, run.Find("loss")!.Count);
        Assert.Equal([readme], result.Unrecognised);
        Assert.Empty(result.Failures);
    }

    [Fact]
    public void Empty_folder_is_an_error_naming_it()
    {
        using var temp = new TempFolder();
        var folder = temp.Folder("empty");
        var error = Assert.Throws<IngestException>(() => LogIngest.Read([folder]));
        Assert.Equal($"{folder}: the folder holds no trainer log that Headroom can read.", error.Message);
    }

    [Fact]
    public void Named_file_of_unknown_format_is_an_error_naming_it()
    {
        using var temp = new TempFolder();
        var file = temp.Write("notes.txt", "hello");
        var error = Assert.Throws<IngestException>(() => LogIngest.Read([file]));
        Assert.StartsWith($"{file}: no reader recognises this file or folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_path_is_an_error_naming_it()
    {
        var error = Assert.Throws<IngestException>(() => LogIngest.Read(["/no/such/headroom/path"]));
        Assert.Equal("/no/such/headroom/path: no such file or folder.", error.Message);
    }

    [Fact]
    public void Broken_log_inside_a_folder_is_a_failure_listed_leniently_and_an_error_strictly()
    {
        // Given one good run and one empty trainer_state.json of a live run
        using var temp = new TempFolder();
        var sim = new HfTrainerSimulation(HfTrainerSimulation.Version.V4_46);
        sim.RunSft(50);
        temp.Write("good/trainer_state.json", sim.SaveToJson());
        var empty = temp.Write("live/trainer_state.json", string.Empty);

        // When
        var lenient = LogIngest.Read([temp.Path]);
        var strict = Assert.Throws<IngestException>(() => LogIngest.Read([temp.Path], ReaderOptions.Default with { BadRecords = BadRecordPolicy.Strict }));

        // Then
        Assert.Single(lenient.Runs);
        var failure = Assert.Single(lenient.Failures);
        Assert.Equal($"{empty}: the file is empty.", failure.Message);
        Assert.Equal(failure.Message, strict.Message);
    }

    [Fact]
    public void Format_hint_naming_no_reader_lists_the_readers()
    {
        using var temp = new TempFolder();
        var file = temp.Write("x.json", "{}");
        var error = Assert.Throws<IngestException>(() => LogIngest.Read([file], ReaderOptions.Default with { FormatHint = "nope" }));
        Assert.StartsWith("no reader is named 'nope'; the readers are 'trainer_state'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Canonicalise_scales_a_series_once_and_leaves_a_scaled_series_alone()
    {
        // Given a run from a reader that did not apply the mapping
        var raw = new RunLog("tensorboard", "/x", "x", [new MetricSeries("train/lr(1e-3)", null, [new MetricPoint(1, 2.0)])], new Dictionary<string, string>(), []);

        // When
        var once = LogIngest.Canonicalise(raw, CanonicalNames.BuiltIn);
        var twice = LogIngest.Canonicalise(once, CanonicalNames.BuiltIn);

        // Then
        var series = Assert.Single(twice.Series);
        Assert.Equal(CanonicalSeries.LearningRate, series.Canonical);
        Assert.Equal(2.0e-3, series.Points[0].Value, 15);
        Assert.Equal(1e-3, series.Scale);
    }
}
