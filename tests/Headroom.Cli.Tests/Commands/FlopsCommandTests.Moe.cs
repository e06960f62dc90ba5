using Headroom.Cli.Tests.Data;

namespace Headroom.Cli.Tests.Commands;

public sealed partial class FlopsCommandTests
{
    // Qwen3-30B-A3B by hand (framework.md §6): N_act = 48·(2048·(2·4096 + 2·512) + 2048·128 + 3·2048·768·8) + 2·151936·2048
    //   = 3,352,821,760; every expert: 48·(18,874,368 + 262,144 + 3·2048·768·128) + 622,329,856 = 30,531,911,680;
    //   F_fwd(4096) = 2·3,352,821,760 + 4·4096·48·4096 = 9,926,868,992.
    private const double QwenMoeActive = 3_352_821_760d;
    private const double QwenMoeTotal = 30_531_911_680d;
    private const double QwenMoeForward4096 = 9_926_868_992d;

    private static string ExampleModel(string name) => SharedData.InRepository("examples", "models", name, "config.json");

    [Fact]
    public void A_moe_config_reports_active_beside_total_parameters_and_trains_on_the_active_count()
    {
        // Given SFT, 64 sequences of 4096 tokens, 10 steps: 3 · 64 · 4096 · F_fwd(4096) · 10
        var config = ExampleModel("qwen3-30b-a3b");

        // When
        var result = CliResult.Run("flops", "--config", config, "--paradigm", "sft", "--batch", "64", "--seq-len", "4096", "--steps", "10", "--format", "json");

        // Then
        Assert.Equal(0, result.ExitCode);
        var json = result.Json;
        Assert.Equal(QwenMoeActive, json.GetProperty("active_parameters").GetDouble());
        Assert.Equal(QwenMoeTotal, json.GetProperty("total_parameters").GetDouble());
        Assert.Equal(QwenMoeActive, json.GetProperty("counted_parameters").GetDouble());
        Assert.Equal(QwenMoeForward4096, json.GetProperty("flops_per_token_forward").GetDouble());
        Precision.AssertClose(3d * 64 * 4096 * QwenMoeForward4096 * 10, json.GetProperty("flops").GetDouble(), 12, "flops");
        Assert.Equal(128, json.GetProperty("model").GetProperty("experts").GetProperty("routed_experts").GetInt32());
        Assert.Equal("gqa", json.GetProperty("model").GetProperty("attention").GetString());
        Assert.Equal(0, json.GetProperty("left_out").GetArrayLength());
    }

    [Fact]
    public void Six_n_on_a_moe_config_says_it_counts_the_active_parameters()
    {
        // Given: 6N's N = N_act - V H (the input embedding) = 3,352,821,760 - 311,164,928 = 3,041,656,832
        var config = ExampleModel("qwen3-30b-a3b");

        // When
        var result = CliResult.Run("flops", "--config", config, "--paradigm", "sft", "--batch", "1", "--seq-len", "1000", "--convention", "6n", "--format", "json");

        // Then
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(3_041_656_832d, result.Json.GetProperty("counted_parameters").GetDouble());
        Assert.Equal(6d * 3_041_656_832d * 1000, result.Json.GetProperty("flops").GetDouble());
        Assert.Contains("N = active non-embedding parameters", result.Json.GetProperty("convention_formula").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_table_shows_active_and_total_parameters_and_what_is_left_out()
    {
        // When
        var result = CliResult.Run("flops", "--config", ExampleModel("deepseek-v3"), "--paradigm", "grpo", "--batch", "128", "--group", "8", "--seq-len", "4096");

        // Then: DeepSeek-V3 N_act = 37,551,276,032 of 671,025,397,760; its MTP layer is named as left out
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("3.7551e+10 active per token of 6.7103e+11 total", result.Output, StringComparison.Ordinal);
        Assert.Contains("MLA r_q=1536 r_kv=512 d_qk=128+64 d_v=128", result.Output, StringComparison.Ordinal);
        Assert.Contains("MoE in 58 of 61 layers: 256 experts of F_e=2048, top 8, shared F=2048", result.Output, StringComparison.Ordinal);
        Assert.Contains("│ left out ", result.Output, StringComparison.Ordinal);
        Assert.Contains("1 multi-token-prediction layer (num_nextn_predict_layers)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void DeepSeek_V3_grpo_json_matches_the_golden_file()
    {
        // Given: F_fwd(4096) = 2·37,551,276,032 + 2·4096·61·128·320 = 95,570,755,584; per step 4·128·8·4096·F_fwd
        var config = ExampleModel("deepseek-v3");

        // When
        var result = CliResult.Run("flops", "--config", config, "--paradigm", "grpo", "--batch", "128", "--group", "8", "--seq-len", "4096", "--steps", "100", "--format", "json");

        // Then
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(95_570_755_584d, result.Json.GetProperty("flops_per_token_forward").GetDouble());
        Precision.AssertClose(4d * 128 * 8 * 4096 * 95_570_755_584d * 100, result.Json.GetProperty("flops").GetDouble(), 12, "flops");
        var portable = result.Output.Replace(SharedData.RepositoryRoot + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal);
        Golden.Verify("Headroom.Cli.Tests", "Flops", "deepseek-v3-grpo", "json", portable);
    }

    [Theory]
    [InlineData("\"layer_types\": [\"sliding_attention\"], ", "'layer_types[0]' is \"sliding_attention\": hybrid layers")]
    [InlineData("\"is_encoder_decoder\": true, ", "'is_encoder_decoder' is true: encoder-decoder models are not covered")]
    [InlineData("\"model_type\": \"olmoe\", \"num_experts\": 64, ", "'num_experts' is 64 and model_type is 'olmoe': this mixture-of-experts variant is not covered")]
    public void A_config_the_formulas_do_not_cover_is_bad_input_naming_the_field(string extra, string expected)
    {
        // Given
        var config = _files.Write(
            "uncovered/config.json",
            "{ " + extra + "\"hidden_size\": 1024, \"intermediate_size\": 4096, \"num_attention_heads\": 16, \"num_hidden_layers\": 4, \"vocab_size\": 32000 }");

        // When
        var result = CliResult.Run("flops", "--config", config, "--paradigm", "sft", "--batch", "8", "--seq-len", "100");

        // Then: one line, exit 1, never a dense estimate
        Assert.StartsWith($"headroom: {config}: {expected}", result.AssertBadInput(), StringComparison.Ordinal);
    }
}
