using Headroom.Core.Compute;

namespace Headroom.Core.Tests.Compute;

public sealed class ModelPresetsTests
{
    [Theory]
    [InlineData("qwen2.5-7b", "Qwen2.5-7B")]
    [InlineData("Qwen2.5-14B", "Qwen2.5-14B")]
    [InlineData("LLAMA3.2_3b", "Llama3.2-3B")]
    public void Presets_are_found_ignoring_case_and_punctuation(string query, string expected)
    {
        // When
        var found = ModelPresets.TryFind(query, out var model);

        // Then
        Assert.True(found);
        Assert.Equal(expected, model!.Name);
    }

    [Fact]
    public void An_unknown_name_is_not_found()
    {
        // When / Then
        Assert.False(ModelPresets.TryFind("gpt-5", out var model));
        Assert.Null(model);
    }

    [Fact]
    public void Presets_hold_the_published_config_values()
    {
        // Given the config.json values of Qwen/Qwen2.5-14B and meta-llama/Llama-3.2-3B
        var qwen14 = ModelPresets.Qwen25_14B;
        var llama = ModelPresets.Llama32_3B;

        // Then
        Assert.Equal(new ModelDimensions(48, 5120, 13824, 152064, 40, 8, 128, false, "Qwen2.5-14B"), qwen14);
        Assert.Equal(new ModelDimensions(28, 3072, 8192, 128256, 24, 8, 128, true, "Llama3.2-3B"), llama);
    }
}
