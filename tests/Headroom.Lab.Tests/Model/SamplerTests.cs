using Headroom.Lab.Internal.Torch;
using Headroom.Lab.Model;
using static TorchSharp.torch;

namespace Headroom.Lab.Tests.Model;

public sealed class SamplerTests
{
    private static LlamaConfig Tiny => new(Layers: 1, Hidden: 16, Heads: 2, FeedForward: 32, Vocabulary: CharTokenizer.VocabularySize, BlockSize: 24);

    [Fact]
    public void The_same_generator_seed_gives_the_same_batched_samples_and_another_seed_other_ones()
    {
        // Given an untrained model (near-uniform predictions) and prompts of two lengths
        TorchRuntime.UseThreads(1);
        using var model = new Llama(Tiny, seed: 1);
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
    public void Prompts_of_many_lengths_batched_together_get_the_greedy_responses_they_get_alone()
    {
        // Given a trained-free model and prompts of five lengths, one long enough that its response is cut by the block size
        TorchRuntime.UseThreads(1);
        using var model = new Llama(Tiny, seed: 5);
        string[] prompts = ["1+2?", "12+3?", "4*5-6+7?", "1+2?", "88*9+1-2*3+4-5?", "7?"];
        using var generator = new Generator(1);

        // When sampled greedily in one batch (left-padded) and one prompt at a time
        var together = Sampler.Rollouts(model, prompts, new SamplingSettings(0, 1, BatchSize: 8), generator);
        var alone = prompts.Select(p => Sampler.Rollouts(model, [p], new SamplingSettings(0, 1, BatchSize: 1), generator).Single()).ToArray();

        // Then each prompt gets the same tokens, log-probabilities to float rounding, and the same cut: its own prompt
        // plus response stops at the block size
        for (var i = 0; i < prompts.Length; i++)
        {
            Assert.Equal(alone[i].Tokens, together[i].Tokens);
            Assert.Equal(alone[i].Finished, together[i].Finished);
            Assert.All(alone[i].LogProbs.Zip(together[i].LogProbs), pair => Assert.Equal(pair.First, pair.Second, 1e-4));
            Assert.True(together[i].Finished || prompts[i].Length + together[i].Tokens.Length == Tiny.BlockSize, $"{prompts[i]} -> {together[i].Text}");
        }
    }

    [Fact]
    public void Nucleus_sampling_never_draws_outside_the_top_p_mass()
    {
        // Given probabilities 0.5, 0.3, 0.15, 0.05 and p = 0.7: the nucleus is the first two tokens
        using var logits = tensor(new[] { 0.5f, 0.3f, 0.15f, 0.05f }).log().unsqueeze(0).expand(2000, 4).contiguous();
        using var generator = new Generator(4);

        // When 2000 tokens are drawn at temperature 1
        var tokens = Sampler.NextTokens(logits, new SamplingSettings(1.0, 0.7, 1), generator).Tokens;

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
        Assert.Equal([1L], Sampler.NextTokens(logits, new SamplingSettings(0, 1, 1), generator).Tokens);
    }

    [Fact]
    public void Rollout_log_probabilities_are_those_of_a_full_forward_pass_at_the_sampling_temperature()
    {
        // Given an untrained model, two prompts and temperature 1.5
        TorchRuntime.UseThreads(1);
        using var model = new Llama(Tiny, seed: 4);
        var settings = new SamplingSettings(Temperature: 1.5, TopP: 1.0, BatchSize: 4, MaxNewTokens: 8);
        using var generator = new Generator(3);

        // When responses are sampled with the KV cache
        var rollouts = Sampler.Rollouts(model, ["12+3?", "45*7?"], settings, generator);

        // Then each token's log-probability is log softmax(logits / T) of the whole sequence run at once
        using var _ = no_grad();
        foreach (var rollout in rollouts)
        {
            var sequence = CharTokenizer.Encode(rollout.Prompt).Concat(rollout.Tokens).ToArray();
            using var scope = NewDisposeScope();
            var logProbs = (model.call(tensor(sequence, [1, sequence.Length])) / 1.5).log_softmax(-1);
            for (var j = 0; j < rollout.Tokens.Length; j++)
            {
                var expected = logProbs[0, rollout.Prompt.Length - 1 + j, rollout.Tokens[j]].item<float>();
                Assert.Equal(expected, rollout.LogProbs[j], 4);
            }

            Assert.Equal(rollout.Tokens.Length, rollout.LogProbs.Length);
            Assert.True(rollout.Tokens.Length <= 8);
        }
    }

    [Fact]
    public void Sampling_without_the_kv_cache_draws_the_same_tokens_as_with_it()
    {
        // Given an untrained model and the same generator seed for both ways of decoding
        TorchRuntime.UseThreads(1);
        using var model = new Llama(Tiny, seed: 5);
        string[] prompts = ["1+2?", "9*3?", "4-4?"];
        using var first = new Generator(8);
        using var second = new Generator(8);

        // When
        var cached = Sampler.Rollouts(model, prompts, new SamplingSettings(1.0, 1.0, 8, MaxNewTokens: 10), first);
        var recomputed = Sampler.Rollouts(model, prompts, new SamplingSettings(1.0, 1.0, 8, MaxNewTokens: 10, UseKvCache: false), second);

        // Then
        Assert.Equal(cached.Select(r => r.Text), recomputed.Select(r => r.Text));
    }
}
