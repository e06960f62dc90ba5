using Headroom.Lab.Internal.Torch;
using Headroom.Lab.Model;
using static TorchSharp.torch;

namespace Headroom.Lab.Tests.Model;

public sealed class LlamaTests
{
    private static LlamaConfig Tiny => new(Layers: 2, Hidden: 32, Heads: 4, FeedForward: 64, Vocabulary: CharTokenizer.VocabularySize, BlockSize: 48);

    [Fact]
    public void Parameter_count_matches_the_count_of_its_matrices_worked_by_hand()
    {
        // Given L=2, H=32, F=64, V=19: per block Q/K/V/O 4 H² + SwiGLU 3 H F + two RMSNorm weights 2 H;
        // token table and LM head V H each; final RMSNorm H; rotary tables are not parameters
        TorchRuntime.UseThreads(1);
        using var model = new Llama(Tiny, seed: 1);
        var perBlock = 4 * 32 * 32 + 3 * 32 * 64 + 2 * 32;
        var expected = 2 * perBlock + 19 * 32 + 32 * 19 + 32;

        // When / Then
        Assert.Equal(21_856, expected);
        Assert.Equal(expected, model.ParameterCount);
    }

    [Theory]
    [InlineData("0.2M", 216_000)]   // L=4, H=64, F=192: 4·(4·64² + 3·64·192 + 2·64) + 2·19·64 + 64 = 4·53,376 + 2,496
    [InlineData("1M", 1_009_792)]   // L=5, H=128, F=352: 5·(4·128² + 3·128·352 + 2·128) + 2·19·128 + 128 = 5·200,960 + 4,992
    [InlineData("5M", 4_829_952)]   // L=6, H=256, F=704: 6·(4·256² + 3·256·704 + 2·256) + 2·19·256 + 256 = 6·803,328 + 9,984
    public void Named_model_sizes_have_the_parameter_count_worked_by_hand_from_their_dimensions(string size, long expected)
    {
        // Given a named size / When the model is built
        TorchRuntime.UseThreads(1);
        using var model = new Llama(ModelSizes.Named[size], seed: 1);

        // Then
        Assert.Equal(expected, model.ParameterCount);
    }

    [Fact]
    public void The_state_dict_carries_Hugging_Face_Llama_names_and_shapes()
    {
        // Given a one-layer model (H=32, F=64, V=19)
        TorchRuntime.UseThreads(1);
        using var model = new Llama(Tiny with { Layers = 1 }, seed: 1);

        // When its state dict is listed
        var state = model.state_dict().ToDictionary(p => p.Key, p => p.Value.shape);

        // Then every name is LlamaForCausalLM's, with nn.Linear's [out, in] shapes
        var expected = new Dictionary<string, long[]>
        {
            ["model.embed_tokens.weight"] = [19, 32],
            ["model.layers.0.input_layernorm.weight"] = [32],
            ["model.layers.0.self_attn.q_proj.weight"] = [32, 32],
            ["model.layers.0.self_attn.k_proj.weight"] = [32, 32],
            ["model.layers.0.self_attn.v_proj.weight"] = [32, 32],
            ["model.layers.0.self_attn.o_proj.weight"] = [32, 32],
            ["model.layers.0.post_attention_layernorm.weight"] = [32],
            ["model.layers.0.mlp.gate_proj.weight"] = [64, 32],
            ["model.layers.0.mlp.up_proj.weight"] = [64, 32],
            ["model.layers.0.mlp.down_proj.weight"] = [32, 64],
            ["model.norm.weight"] = [32],
            ["lm_head.weight"] = [19, 32],
        };
        Assert.Equal(expected.Keys.Order(), state.Keys.Order());
        Assert.All(expected, e => Assert.Equal(e.Value, state[e.Key]));
    }

    [Fact]
    public void Rotary_attention_depends_on_relative_positions_only_so_a_shifted_query_key_pair_scores_alike()
    {
        // Given a model whose prompt is decoded after caches of 3 and of 9 earlier tokens
        TorchRuntime.UseThreads(1);
        using var model = new Llama(Tiny, seed: 7);
        model.eval();
        using var _ = no_grad();

        // When the same two tokens are the whole context once at positions 0-1 and once behind a masked-out prefix
        // (a fresh cache at length 5 holds nothing, so attention sees only the two tokens at positions 5-6)
        using var tokens = tensor(CharTokenizer.Encode("37"), [1, 2]);
        using var atZero = model.Decode(tokens, cache: null);
        using var shifted = new KvCache(Tiny.Layers) { Length = 5 };
        using var atFive = model.Decode(tokens, shifted);

        // Then the logits agree: only the distance between query and key enters the scores
        Assert.True(atZero.allclose(atFive, rtol: 1e-4, atol: 1e-5), $"max difference {(atZero - atFive).abs().max().item<float>()}");
    }

    [Fact]
    public void The_5M_model_takes_a_training_step_that_lowers_the_loss_of_its_batch()
    {
        // Given the 5M model and a small batch (2 sequences of 16 tokens keep the test fast)
        TorchRuntime.UseThreads(1);
        using var model = new Llama(ModelSizes.Named["5M"], seed: 4);
        using var optimizer = optim.AdamW(model.parameters(), 1e-3);
        using var tokens = tensor(CharTokenizer.Encode("3+8*2-9?3+8=1;1*2=2;2-9=3;#3$5-2*3?5-2=3;3*3=9;#9$").Take(34).ToArray(), [2, 17]);
        using var inputs = tokens[.., ..16];
        using var targets = tokens[.., 1..].flatten();
        float Loss()
        {
            using var scope = NewDisposeScope();
            return nn.functional.cross_entropy(model.call(inputs).flatten(0, 1), targets).item<float>();
        }

        // When it takes one forward, backward and AdamW step
        var before = Loss();
        using (NewDisposeScope())
        {
            nn.functional.cross_entropy(model.call(inputs).flatten(0, 1), targets).backward();
            optimizer.step();
        }

        // Then the fresh model's loss was ~ln 19 and the step lowered it
        Precision.AssertWithin(Math.Log(19), before, 0.3, "initial loss"); // logits of sd 0.02·√256 = 0.32 over 32 tokens
        Assert.True(Loss() < before, $"loss {before} did not fall");
    }

    [Fact]
    public void Decoding_token_by_token_with_the_kv_cache_gives_the_logits_of_the_full_causal_pass()
    {
        // Given a model and a 12-token sequence
        TorchRuntime.UseThreads(1);
        using var model = new Llama(Tiny, seed: 2);
        model.eval();
        using var _ = no_grad();
        using var tokens = tensor(CharTokenizer.Encode("12+34=46;#4"), [1, 11]);

        // When the first 5 tokens are prefilled and the rest decoded one at a time
        using var full = model.call(tokens);
        using var cache = new KvCache(Tiny.Layers);
        var pieces = new List<Tensor> { model.Decode(tokens[.., ..5], cache) };
        for (var t = 5; t < 11; t++)
        {
            pieces.Add(model.Decode(tokens[.., t..(t + 1)], cache));
        }

        using var stepwise = cat(pieces, 1);

        // Then the logits agree to float rounding
        Assert.Equal(11, cache.Length);
        Assert.True(full.allclose(stepwise, rtol: 1e-4, atol: 1e-5), $"max difference {(full - stepwise).abs().max().item<float>()}");
    }

    [Fact]
    public void A_left_padded_row_gets_the_logits_it_gets_alone_in_the_prefill_and_in_every_cached_step()
    {
        // Given three sequences of 11, 7 and 4 tokens, left-padded into one batch of 11 columns
        TorchRuntime.UseThreads(1);
        using var model = new Llama(Tiny, seed: 3);
        model.eval();
        using var _ = no_grad();
        string[] texts = ["12+34=46;#4", "7*8=56;", "9-1="];
        var width = texts.Max(t => t.Length);
        long[] padding = [.. texts.Select(t => (long)(width - t.Length))];
        using var batch = tensor(texts.SelectMany(t => Enumerable.Repeat((long)CharTokenizer.Padding, width - t.Length).Concat(CharTokenizer.Encode(t))).ToArray(), [texts.Length, width]);
        using var leftPadding = tensor(padding);

        // When the batch is prefilled up to column 8 and decoded column by column with a cache, and each row is run alone
        using var cache = new KvCache(Tiny.Layers);
        var pieces = new List<Tensor> { model.Decode(batch[.., ..8], cache, leftPadding) };
        for (var t = 8; t < width; t++)
        {
            pieces.Add(model.Decode(batch[.., t..(t + 1)], cache, leftPadding));
        }

        using var padded = cat(pieces, 1);
        using var whole = model.Decode(batch, cache: null, leftPadding);

        // Then every real column of each row has the logits of the row alone, with and without the cache, and none is NaN
        for (var row = 0; row < texts.Length; row++)
        {
            using var alone = model.call(tensor(CharTokenizer.Encode(texts[row]), [1, texts[row].Length]));
            var pad = (int)padding[row];
            using var cached = padded[row..(row + 1), pad.., ..];
            using var uncached = whole[row..(row + 1), pad.., ..];
            Assert.True(alone.allclose(cached, rtol: 1e-4, atol: 1e-5), $"row {row}: max difference {(alone - cached).abs().max().item<float>()}");
            Assert.True(alone.allclose(uncached, rtol: 1e-4, atol: 1e-5), $"row {row} without cache: max difference {(alone - uncached).abs().max().item<float>()}");
        }

        Assert.False(padded.isnan().any().item<bool>(), "padding columns produced NaN");
    }

    [Fact]
    public void Two_models_with_the_same_seed_start_bit_identical_and_different_seeds_differ()
    {
        // Given / When
        TorchRuntime.UseThreads(1);
        using var a = new Llama(Tiny, seed: 5);
        using var b = new Llama(Tiny, seed: 5);
        using var c = new Llama(Tiny, seed: 6);

        // Then
        var pairs = a.parameters().Zip(b.parameters(), c.parameters());
        Assert.All(pairs, p => Assert.True(p.First.equal(p.Second).all().item<bool>()));
        Assert.Contains(pairs, p => !p.First.equal(p.Third).all().item<bool>());
    }

    [Fact]
    public void Cross_entropy_of_a_fresh_model_is_near_ln_V_and_falls_when_fitting_one_sequence()
    {
        // Given a fresh model (N(0, 0.02) weights give nearly uniform predictions: ln 19 = 2.944)
        TorchRuntime.UseThreads(1);
        using var model = new Llama(Tiny, seed: 3);
        using var optimizer = optim.AdamW(model.parameters(), 3e-3);
        using var tokens = tensor(CharTokenizer.Encode("12+34=46;46-5=41;#41$"), [1, 21]);
        using var inputs = tokens[.., ..20];
        using var targets = tokens[.., 1..].flatten();

        // When it takes 30 AdamW steps on that one sequence
        var losses = new List<float>();
        for (var step = 0; step < 30; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.call(inputs).flatten(0, 1), targets);
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }

        // Then it starts at ~ln 19 and ends far lower
        Precision.AssertWithin(Math.Log(19), losses[0], 0.1, "initial loss");
        Assert.True(losses[^1] < 0.5 * losses[0], $"final loss {losses[^1]}");
    }
}
