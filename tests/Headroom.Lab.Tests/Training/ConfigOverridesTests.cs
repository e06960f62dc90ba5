using Headroom.Lab.Training;

namespace Headroom.Lab.Tests.Training;

public sealed class ConfigOverridesTests
{
    [Fact]
    public void Known_settings_are_applied_by_their_snake_case_names()
    {
        // Given / When
        var config = ConfigOverrides.Apply(new TrainConfig(), ["max_steps=300", "learning_rate=5e-4", "score_benchmarks=false"]);

        // Then
        Assert.Equal(300, config.MaxSteps);
        Assert.Equal(5e-4, config.LearningRate);
        Assert.False(config.ScoreBenchmarks);
        Assert.Equal(new TrainConfig().BatchSize, config.BatchSize);
    }

    [Theory]
    [InlineData("max_stepz=3", "Unknown setting 'max_stepz'")]
    [InlineData("max_steps=3.5", "Setting 'max_steps' cannot be '3.5'; it takes a whole number.")]
    [InlineData("learning_rate=fast", "Setting 'learning_rate' cannot be 'fast'; it takes a number.")]
    [InlineData("score_benchmarks=1", "Setting 'score_benchmarks' cannot be '1'; it takes true or false.")]
    [InlineData("max_steps", "Setting 'max_steps' is not of the form key=value.")]
    public void Unknown_keys_and_wrong_types_are_rejected_with_one_sentence(string setting, string message)
    {
        // Given / When
        var error = Assert.Throws<LabException>(() => ConfigOverrides.Apply(new TrainConfig(), [setting]));

        // Then
        Assert.StartsWith(message, error.Message);
        Assert.EndsWith(".", error.Message);
    }

    [Fact]
    public void Presets_are_named_and_an_unknown_name_is_refused()
    {
        // Given / When / Then
        Assert.Same(LabPreset.Tiny, LabPreset.Named("TINY"));
        Assert.Same(LabPreset.Full, LabPreset.Named("full"));
        Assert.Contains("'huge'", Assert.Throws<LabException>(() => LabPreset.Named("huge")).Message);
    }
}
