namespace Headroom.Lab.Tests.Studies;

public sealed class LabStudyTests
{
    private static readonly WorkerCommand _never = new("/nonexistent/headroom-lab", []);

    [Theory]
    [InlineData("sprint", 1, "rl.max_steps=5", null, "Unknown study preset 'sprint'; use quick or paper.")]
    [InlineData("quick", 0, "rl.max_steps=5", null, "--jobs 0 is not a number of worker processes; use 1 or more.")]
    [InlineData("quick", 1, "max_steps=5", null, "Study setting 'max_steps=5' must be world.KEY=VALUE (the base model's pretraining), sft.KEY=VALUE or rl.KEY=VALUE.")]
    [InlineData("quick", 1, "rl.max_stepz=5", null, "Unknown setting 'max_stepz'")]
    [InlineData("quick", 1, "sft.learning_rate=fast", null, "Setting 'learning_rate' cannot be 'fast'; it takes a number.")]
    [InlineData("quick", 1, "rl.max_steps=5", "medium", "Unknown SFT dataset 'medium'")]
    public void Bad_options_are_refused_in_one_sentence_before_any_work(string preset, int jobs, string setting, string? dataset, string message)
    {
        // Given a study folder that does not exist yet
        var folder = Path.Combine(Path.GetTempPath(), "headroom-lab-tests", Guid.NewGuid().ToString("N"));
        var options = new LabStudyOptions { Out = folder, Preset = preset, Jobs = jobs, Settings = [setting], Datasets = dataset is null ? null : [dataset] };

        // When
        var error = Assert.Throws<LabException>(() => LabStudy.Run(options, _never, cancel: TestContext.Current.CancellationToken));

        // Then nothing was started or written
        Assert.StartsWith(message, error.Message);
        Assert.False(Directory.Exists(folder));
    }
}
