using Headroom.Lab.Model;
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
    public void Model_settings_change_only_the_model_and_training_settings_only_the_training_config()
    {
        // Given a mixed list of settings
        string[] settings = ["model.layers=6", "max_steps=300", "model.hidden=256", "model.heads=8"];

        // When each config takes its own
        var model = ConfigOverrides.ApplyModel(LabPreset.Full.Model, settings);
        var config = ConfigOverrides.Apply(new TrainConfig(), settings);

        // Then
        Assert.Equal(LabPreset.Full.Model with { Layers = 6, Hidden = 256, Heads = 8 }, model);
        Assert.Equal(32, model.HeadDim);
        Assert.Equal(new TrainConfig() with { MaxSteps = 300 }, config);
    }

    [Theory]
    [InlineData("model.layerz=3", "Unknown setting 'model.layerz'; known settings are model.layers, model.hidden, model.heads, model.feed_forward, model.block_size.")]
    [InlineData("model.vocabulary=30", "Unknown setting 'model.vocabulary'")]
    [InlineData("model.layers=0", "Setting 'model.layers' cannot be '0'; it takes a positive whole number.")]
    [InlineData("model.hidden=2.5", "Setting 'model.hidden' cannot be '2.5'; it takes a whole number.")]
    [InlineData("model.heads=5", "Setting 'model.hidden' 96 is not a multiple of 'model.heads' 5;")]
    public void Bad_model_settings_are_rejected_with_one_sentence(string setting, string message)
    {
        // Given / When
        var error = Assert.Throws<LabException>(() => ConfigOverrides.ApplyModel(LabPreset.Full.Model, [setting]));

        // Then
        Assert.StartsWith(message, error.Message);
        Assert.EndsWith(".", error.Message);
    }

    [Fact]
    public void Model_sizes_are_named_presets_name_their_own_model_and_an_unknown_size_is_refused()
    {
        // Given / When / Then
        Assert.Same(ModelSizes.Named["5M"], ModelSizes.Resolve("5m", LabPreset.Tiny));
        Assert.Equal(LabPreset.Full.Model, ModelSizes.Resolve("full", LabPreset.Tiny));
        Assert.Equal(LabPreset.Small.Model, ModelSizes.Resolve(null, LabPreset.Small));
        Assert.Equal("--model-size 1M", ModelSizes.Flags(ModelSizes.Named["1M"]));
        Assert.Equal("--set model.layers=7 --set model.hidden=96 --set model.heads=4 --set model.feed_forward=256 --set model.block_size=160", ModelSizes.Flags(LabPreset.Full.Model with { Layers = 7 }));
        Assert.StartsWith("Unknown model size '3M'; use one of 0.2M, 1M, 5M, tiny, small, full", Assert.Throws<LabException>(() => ModelSizes.Resolve("3M", LabPreset.Tiny)).Message);
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
