namespace Headroom.Ingest.Tests.ModelConfig;

public sealed class UncoveredModelConfigTests
{
    private const string Hybrid = "hybrid layers (sliding-window, linear-attention or state-space) are not covered by the FLOPs formulas, which count full attention in every layer.";

    // A dense decoder's fields, to which each case adds what makes it uncovered.
    private static string Config(string extra)
        => $$"""
            { "hidden_size": 1024, "intermediate_size": 4096, "num_attention_heads": 16, "num_hidden_layers": 4, "vocab_size": 32000, {{extra}} }
            """;

    [Theory]
    [InlineData("\"model_type\": \"olmoe\", \"num_experts\": 64, \"num_experts_per_tok\": 8", "'num_experts' is 64 and model_type is 'olmoe'")]
    [InlineData("\"model_type\": \"ernie4_5_moe\", \"moe_num_experts\": [64, 64]", "'moe_num_experts' is [64, 64] and model_type is 'ernie4_5_moe'")]
    [InlineData("\"architectures\": [\"GraniteMoeSharedForCausalLM\"], \"num_local_experts\": 32", "'num_local_experts' is 32 and model_type is absent")]
    public void An_unknown_mixture_of_experts_is_refused_naming_the_field(string extra, string expected)
    {
        // When
        var error = Assert.Throws<ModelConfigException>(() => HfModelConfigReader.Parse(Config(extra), "cfg.json"));

        // Then
        Assert.Equal(
            $"cfg.json: {expected}: this mixture-of-experts variant is not covered by the FLOPs formulas, which know Mixtral, Qwen2-MoE, Qwen3-MoE and DeepSeek-V2/V3 (model_type mixtral, qwen2_moe, qwen3_moe, deepseek_v2, deepseek_v3).",
            error.Message);
    }

    [Theory]
    [InlineData("\"model_type\": \"gemma3_text\", \"layer_types\": [\"sliding_attention\", \"full_attention\"]", "'layer_types[0]' is \"sliding_attention\"")]
    [InlineData("\"model_type\": \"qwen3_next\", \"num_experts\": 512, \"layer_types\": [\"full_attention\", \"linear_attention\"]", "'layer_types[1]' is \"linear_attention\"")]
    [InlineData("\"model_type\": \"nemotron_h\", \"hybrid_override_pattern\": \"M-M-M-MM-M-M-M*-M-M-M*-M-M-M-M*-M-M-M-M*-M-MM-M-M-M-M-M-\"", "'hybrid_override_pattern' is \"M-M-M-MM-M-M-M*-M-M-M*-M-M-M-M*-M-M-...")]
    [InlineData("\"model_type\": \"jamba\", \"attn_layer_period\": 8", "'attn_layer_period' is 8")]
    [InlineData("\"model_type\": \"qwen2\", \"use_sliding_window\": true, \"max_window_layers\": 2", "'use_sliding_window' is true")]
    public void Hybrid_attention_layers_are_refused_naming_the_field(string extra, string expected)
    {
        // When
        var error = Assert.Throws<ModelConfigException>(() => HfModelConfigReader.Parse(Config(extra), "cfg.json"));

        // Then
        Assert.Equal($"cfg.json: {expected}: {Hybrid}", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Layer_types_that_are_all_full_attention_are_an_ordinary_decoder()
    {
        // Given a Qwen3 config saved by a recent transformers, which writes layer_types for every model
        var json = Config("\"model_type\": \"qwen3\", \"layer_types\": [\"full_attention\", \"full_attention\", \"full_attention\", \"full_attention\"]");

        // When
        var model = HfModelConfigReader.Parse(json);

        // Then
        Assert.Equal(4, model.Layers);
        Assert.Null(model.Experts);
    }

    [Fact]
    public void An_encoder_decoder_is_refused_naming_the_field()
    {
        // Given a T5-style config
        var json = """{ "model_type": "t5", "is_encoder_decoder": true, "d_model": 512, "num_layers": 6, "vocab_size": 32128 }""";

        // When
        var error = Assert.Throws<ModelConfigException>(() => HfModelConfigReader.Parse(json, "cfg.json"));

        // Then
        Assert.Equal("cfg.json: 'is_encoder_decoder' is true: encoder-decoder models are not covered by the FLOPs formulas, which count decoder-only transformers.", error.Message);
    }
}
