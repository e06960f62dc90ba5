using Headroom.Lab.Internal.Torch;
using Headroom.Lab.Model;
using static TorchSharp.torch;

namespace Headroom.Lab.Tests.Model;

public sealed class SamplerTests
{
    private static GptConfig Tiny => new(Layers: 1, Hidden: 16, Heads: 2, FeedForward: 32, Vocabulary: CharTokenizer.VocabularySize, BlockSize: 24);

    [Fact]
    public void The_same_generator_seed_gives_the_same_batched_samples_and_another_seed_other_ones()
    {
        // Given an untrained model (near-uniform predictions) and prompts of two lengths
        TorchRuntime.UseThreads(1);
        using var model = new Gpt(Tiny, seed: 1);
        string[] prompts = ["1+2?", "12+3?", "4*5?", "1+2?"];
        var settings = new SamplingSettings(Temperature: 1.0, TopP: 1.0, BatchSize: 2);

        // When sampled twice with seed 9 and once with seed 10
        using var first = new Generator(9);
        using var second = new Generator(9);
        using var other = new Generator(10);
        var a = Sampler.Generate(model, prompts, settings, first);
        var b = Sampler.Generate(model, prompts, settings, second);
        var c = Sampler.Generate(model, prompts, settings, other);

        // Then
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.All(a, r => Assert.True(r.EndsWith('$') || r.Length + 5 >= Tiny.BlockSize, r));
    }

    [Fact]
    public void Nucleus_sampling_never_draws_outside_the_top_p_mass()
    {
        // Given probabilities 0.5, 0.3, 0.15, 0.05 and p = 0.7: the nucleus is the first two tokens
        using var logits = tensor(new[] { 0.5f, 0.3f, 0.15f, 0.05f }).log().unsqueeze(0).expand(2000, 4).contiguous();
        using var generator = new Generator(4);

        // When 2000 tokens are drawn at temperature 1
        var tokens = Sampler.NextTokens(logits, new SamplingSettings(1.0, 0.7, 1), generator);

        // Then only tokens 0 and 1 appear, in proportion 5:3 (0.625 ± 0.04)
        Assert.All(tokens, t => Assert.InRange(t, 0, 1));
        Assert.InRange(tokens.Count(t => t == 0) / 2000.0, 0.585, 0.665);
    }

    [Fact]
    public void Temperature_zero_is_greedy()
    {
        // Given / When
        using var logits = tensor(new[] { 0.1f, 2f, 0.3f, 1.9f }, [1, 4]);
        using var generator = new Generator(1);

        // Then
        Assert.Equal([1L], Sampler.NextTokens(logits, new SamplingSettings(0, 1, 1), generator));
    }
}
