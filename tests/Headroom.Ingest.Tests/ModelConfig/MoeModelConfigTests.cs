using Headroom.Core.Compute;

namespace Headroom.Ingest.Tests.ModelConfig;

public sealed class MoeModelConfigTests
{
    // Qwen/Qwen1.5-MoE-A2.7B/config.json (the fields that matter, values as published): a shared expert in every layer.
    private const string Qwen15MoeA27B = """
        {
          "architectures": ["Qwen2MoeForCausalLM"], "model_type": "qwen2_moe", "decoder_sparse_step": 1,
          "hidden_size": 2048, "intermediate_size": 5632, "moe_intermediate_size": 1408, "shared_expert_intermediate_size": 5632,
          "num_attention_heads": 16, "num_key_value_heads": 16, "num_experts": 60, "num_experts_per_tok": 4,
          "num_hidden_layers": 24, "tie_word_embeddings": false, "vocab_size": 151936
        }
        """;

    // deepseek-ai/DeepSeek-V2-Lite/config.json (the fields that matter): no query latent, 2 shared experts, 1 dense layer.
    private const string DeepSeekV2Lite = """
        {
          "architectures": ["DeepseekV2ForCausalLM"], "model_type": "deepseek_v2", "first_k_dense_replace": 1,
          "hidden_size": 2048, "intermediate_size": 10944, "kv_lora_rank": 512, "moe_intermediate_size": 1408,
          "moe_layer_freq": 1, "n_routed_experts": 64, "n_shared_experts": 2, "num_attention_heads": 16,
          "num_experts_per_tok": 6, "num_hidden_layers": 27, "num_key_value_heads": 16, "q_lora_rank": null,
          "qk_nope_head_dim": 128, "qk_rope_head_dim": 64, "tie_word_embeddings": false, "v_head_dim": 128, "vocab_size": 102400
        }
        """;

    private static string Example(string model) => SharedData.InRepository("examples", "models", model, "config.json");

    [Fact]
    public void Qwen3_30B_A3B_config_gives_128_experts_top_8_in_every_layer()
    {
        // When
        var model = HfModelConfigReader.Read(Example("qwen3-30b-a3b"));

        // Then: framework.md §6 N_act = 3.353e9 (hand: 48·56,885,248 + 2·151936·2048 = 3,352,821,760)
        Assert.Equal(new ModelDimensions(48, 2048, 6144, 151936, 32, 4, 128, false, "qwen3-30b-a3b"), model with { Experts = null });
        Assert.Equal(new MixtureOfExperts(RoutedExperts: 128, ExpertsPerToken: 8, ExpertFeedForward: 768, SharedFeedForward: 0, Layers: 48), model.Experts);
        Assert.Null(model.LatentAttention);
        Assert.Equal(3_352_821_760d, ModelParameters.Active(model));
        Precision.AssertWithin(9.927e9, ForwardFlops.PerToken(model, 4096), 0.0005 * 9.927e9, "F_fwd(4096)");
    }

    [Fact]
    public void Mixtral_config_makes_every_layer_eight_experts_of_its_intermediate_size()
    {
        // When
        var model = HfModelConfigReader.Read(Example("mixtral-8x7b"));

        // Then: N_act = 32·394,297,344 + 2·32000·4096 = 12,879,659,008 (framework.md §6: 1.288e10, F_fwd 2.791e10)
        Assert.Equal(new MixtureOfExperts(8, 2, 14336, 0, 32), model.Experts);
        Assert.Equal((32, 8, 128), (model.Heads, model.KeyValueHeads, model.HeadDim));
        Assert.Equal(12_879_659_008d, ModelParameters.Active(model));
        Precision.AssertWithin(2.791e10, ForwardFlops.PerToken(model, 4096), 0.0005 * 2.791e10, "F_fwd(4096)");
    }

    [Fact]
    public void DeepSeek_V3_config_gives_latent_attention_three_dense_layers_and_one_mtp_layer()
    {
        // When
        var model = HfModelConfigReader.Read(Example("deepseek-v3"));

        // Then: N_act = 37,551,276,032 (framework.md §6: 3.755e10, F_fwd 9.557e10); the MTP layer is recorded, not counted
        Assert.Equal(new LatentAttention(QueryRank: 1536, KeyValueRank: 512, NopeHeadDim: 128, RopeHeadDim: 64, ValueHeadDim: 128), model.LatentAttention);
        Assert.Equal(new MixtureOfExperts(256, 8, 2048, SharedFeedForward: 2048, Layers: 58), model.Experts);
        Assert.Equal((61, 7168, 18432, 129280, 128, 192), (model.Layers, model.Hidden, model.FeedForward, model.Vocabulary, model.Heads, model.HeadDim));
        Assert.Equal(1, model.MultiTokenPredictionLayers);
        Assert.Equal(37_551_276_032d, ModelParameters.Active(model));
        Precision.AssertWithin(9.557e10, ForwardFlops.PerToken(model, 4096), 0.0005 * 9.557e10, "F_fwd(4096)");
    }

    [Fact]
    public void Qwen2_moe_counts_its_shared_expert_and_matches_the_published_2_7B_active_14_3B_total()
    {
        // When
        var model = HfModelConfigReader.Parse(Qwen15MoeA27B);

        // Then: per layer 4·2048² + 2048·60 + 3·2048·1408·4 + 3·2048·5632 = 86,106,112; × 24 + 2·151936·2048 = 2,688,876,544
        Assert.Equal(new MixtureOfExperts(60, 4, 1408, SharedFeedForward: 5632, Layers: 24), model.Experts);
        Assert.Equal(2_688_876_544d, ModelParameters.Active(model));
        Precision.AssertWithin(2.7e9, ModelParameters.Active(model), 0.02 * 2.7e9, "Qwen1.5-MoE-A2.7B published active parameters");
        Precision.AssertWithin(14.3e9, ModelParameters.Total(model), 0.01 * 14.3e9, "Qwen1.5-MoE-A2.7B published total parameters");
    }

    [Fact]
    public void DeepSeek_V2_Lite_projects_queries_directly_and_keeps_its_first_layer_dense()
    {
        // When
        var model = HfModelConfigReader.Parse(DeepSeekV2Lite);

        // Then: attention per layer 2048·16·192 + 2048·576 + 512·16·256 + 16·128·2048 = 13,762,560;
        //       N_act = 27·13,762,560 + 3·2048·10944 + 26·(2048·64 + 3·2048·1408·8) + 2·102400·2048 = 2,661,023,744
        Assert.Null(model.LatentAttention!.QueryRank);
        Assert.Equal(new MixtureOfExperts(64, 6, 1408, SharedFeedForward: 2 * 1408, Layers: 26), model.Experts);
        Assert.Equal(2_661_023_744d, ModelParameters.Active(model));
        Precision.AssertWithin(15.7e9, ModelParameters.Total(model), 0.01 * 15.7e9, "DeepSeek-V2-Lite published total parameters");
    }

    [Fact]
    public void Qwen_moe_layers_follow_mlp_only_layers_and_the_sparse_step()
    {
        // Given 6 layers, sparse step 2 (layers 1, 3, 5 would be MoE), layer 3 forced dense
        var json = Qwen15MoeA27B
            .Replace("\"decoder_sparse_step\": 1", "\"decoder_sparse_step\": 2, \"mlp_only_layers\": [3]", StringComparison.Ordinal)
            .Replace("\"num_hidden_layers\": 24", "\"num_hidden_layers\": 6", StringComparison.Ordinal);

        // When
        var model = HfModelConfigReader.Parse(json);

        // Then
        Assert.Equal(2, model.Experts!.Layers);
    }

    [Fact]
    public void DeepSeek_moe_layers_start_after_the_dense_ones_and_follow_the_layer_frequency()
    {
        // Given 27 layers, first MoE layer 1, every second layer: 2, 4, ..., 26
        var json = DeepSeekV2Lite.Replace("\"moe_layer_freq\": 1", "\"moe_layer_freq\": 2", StringComparison.Ordinal);

        // When
        var model = HfModelConfigReader.Parse(json);

        // Then
        Assert.Equal(13, model.Experts!.Layers);
    }

    [Fact]
    public void A_deepseek_v3_architecture_under_another_model_type_is_read_as_deepseek()
    {
        // Given a Kimi-K2-style config: model_type "kimi_k2" on DeepseekV3ForCausalLM
        var json = File.ReadAllText(Example("deepseek-v3")).Replace("\"deepseek_v3\"", "\"kimi_k2\"", StringComparison.Ordinal);

        // When
        var model = HfModelConfigReader.Parse(json);

        // Then
        Assert.Equal(HfModelConfigReader.Read(Example("deepseek-v3")) with { Name = "kimi_k2" }, model);
    }

    [Theory]
    [InlineData("\"moe_intermediate_size\": 768,", "", "missing field 'moe_intermediate_size'; a Hugging Face config.json of a Qwen3-MoE mixture of experts has it.")]
    [InlineData("\"num_experts_per_tok\": 8", "\"num_experts_per_tok\": 129", "field 'num_experts_per_tok' is 129; it must be at most 'num_experts' (128).")]
    [InlineData("\"mlp_only_layers\": []", "\"mlp_only_layers\": [0, 48]", "field 'mlp_only_layers[1]' is 48; it must be a layer index below num_hidden_layers (48).")]
    [InlineData("\"mlp_only_layers\": []", "\"mlp_only_layers\": 3", "field 'mlp_only_layers' must be an array, found the number 3.")]
    public void Impossible_moe_fields_are_named(string field, string replacement, string expected)
    {
        // Given
        var json = File.ReadAllText(Example("qwen3-30b-a3b")).Replace(field, replacement, StringComparison.Ordinal);

        // When
        var error = Assert.Throws<ModelConfigException>(() => HfModelConfigReader.Parse(json, "cfg.json"));

        // Then
        Assert.Equal("cfg.json: " + expected, error.Message);
    }

    [Fact]
    public void A_deepseek_config_must_say_how_many_shared_experts_it_has()
    {
        // Given: transformers' default (1 for V3, none for V2) differs by version, so the field must be present
        var json = DeepSeekV2Lite.Replace("\"n_shared_experts\": 2,", string.Empty, StringComparison.Ordinal);

        // When
        var error = Assert.Throws<ModelConfigException>(() => HfModelConfigReader.Parse(json, "cfg.json"));

        // Then
        Assert.Equal("cfg.json: missing field 'n_shared_experts'; a Hugging Face config.json of a DeepSeek-V2/V3 mixture of experts has it.", error.Message);
    }

    [Fact]
    public void Latent_attention_needs_its_head_widths()
    {
        // Given
        var json = DeepSeekV2Lite.Replace("\"v_head_dim\": 128,", string.Empty, StringComparison.Ordinal);

        // When
        var error = Assert.Throws<ModelConfigException>(() => HfModelConfigReader.Parse(json, "cfg.json"));

        // Then
        Assert.Equal("cfg.json: missing field 'v_head_dim'; a Hugging Face config.json of a model with multi-head latent attention (DeepSeek-V2/V3) has it.", error.Message);
    }
}
