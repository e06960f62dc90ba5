using Headroom.Cli.Tests.Data;

namespace Headroom.Cli.Tests.Commands;

public sealed partial class FlopsCommandTests : IDisposable
{
    // Qwen2.5-7B by hand: N = 28·(3·3584·18944 + 3584·8192) + 2·152064·3584 = 7,615,283,200, so 2N = 15,230,566,400;
    // attention at S = 3771: 4·3771·28·3584 = 1,513,709,568; F_fwd = 16,744,275,968.
    // SFT, B = 512, 360 steps: 3·512·3771 = 5,792,256 tokens-passes per step.
    private const double SftTotal = 5_792_256d * 16_744_275_968d * 360;

    private readonly TempFolder _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Sft_on_the_qwen_preset_gives_34_915_exaflops_as_json()
    {
        // When
        var result = CliResult.Run("flops", "--model", "qwen2.5-7b", "--paradigm", "sft", "--batch", "512", "--seq-len", "3771", "--steps", "360", "--format", "json");

        // Then
        Assert.Equal(0, result.ExitCode);
        var json = result.Json;
        Precision.AssertClose(SftTotal, json.GetProperty("flops").GetDouble(), 12, "flops");
        Precision.AssertWithin(34.915, json.GetProperty("exaflops").GetDouble(), 34.915 * 0.001, "exaflops");
        Assert.Equal(16_744_275_968d, json.GetProperty("flops_per_token_forward").GetDouble());
        Assert.Equal(15_230_566_400d, json.GetProperty("dense_flops_per_token_forward").GetDouble());
        Assert.Equal("retu", json.GetProperty("convention").GetString());
        Assert.Equal("mean sequence length", json.GetProperty("attention_length").GetString());
        Assert.Equal(512, json.GetProperty("inputs").GetProperty("batch").GetDouble());
        Precision.AssertClose(SftTotal / 360, json.GetProperty("flops_per_step").GetDouble(), 12, "per step");
    }

    [Fact]
    public void A_config_json_gives_the_same_compute_as_the_preset()
    {
        // Given Qwen2.5-7B's config.json fields
        var config = _files.Write(
            "Qwen2.5-7B/config.json",
            """
            { "model_type": "qwen2", "hidden_size": 3584, "intermediate_size": 18944, "num_attention_heads": 28,
              "num_hidden_layers": 28, "num_key_value_heads": 4, "tie_word_embeddings": false, "vocab_size": 152064 }
            """);

        // When
        var result = CliResult.Run("flops", "--config", config, "--paradigm", "sft", "--batch", "512", "--seq-len", "3771", "--steps", "360", "--format", "json");

        // Then
        Assert.Equal(0, result.ExitCode);
        Precision.AssertClose(SftTotal, result.Json.GetProperty("flops").GetDouble(), 12, "flops");
        Assert.Equal(config, result.Json.GetProperty("model").GetProperty("source").GetString());
        Assert.Equal("Qwen2.5-7B", result.Json.GetProperty("model").GetProperty("name").GetString());
    }

    [Fact]
    public void Csv_gives_one_row_with_the_total()
    {
        // Given the 34.915 EF check value: 3 · 512 · 3771 · F_fwd(3771) · 360
        var result = CliResult.Run("flops", "--model", "qwen2.5-7b", "--paradigm", "sft", "--batch", "512", "--seq-len", "3771", "--steps", "360", "--format", "csv");

        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("model,paradigm,convention,", lines[0], StringComparison.Ordinal);
        var exaflops = double.Parse(lines[1].Split(',')[^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(exaflops, 34.915 * 0.999, 34.915 * 1.001);
    }

    [Fact]
    public void The_table_names_the_convention_and_the_total_in_exaflops()
    {
        // When
        var result = CliResult.Run("flops", "--model", "qwen2.5-7b", "--paradigm", "sft", "--batch", "512", "--seq-len", "3771", "--steps", "360");

        // Then
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("= 34.915 EF", result.Output, StringComparison.Ordinal);
        Assert.Contains("retu: forward = 2N + 4·S·L·q", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Grpo_under_the_6n_convention_counts_6n_per_trained_and_2n_per_generated_token()
    {
        // Given 10 steps of 64 prompts × 8 rollouts of 2000 tokens; 6N's N for untied Qwen2.5-7B:
        //   6,525,288,448 (layers) + 544,997,376 (LM head) = 7,070,285,824; per step (2N + 6N)·64·8·2000
        var expected = 8d * 7_070_285_824d * 64 * 8 * 2000 * 10;

        // When
        var result = CliResult.Run("flops", "--model", "Qwen2.5-7B", "--paradigm", "grpo", "--batch", "64", "--group", "8", "--seq-len", "2000", "--steps", "10", "--convention", "6n", "--format", "json");

        // Then
        Assert.Equal(0, result.ExitCode);
        Precision.AssertClose(expected, result.Json.GetProperty("flops").GetDouble(), 12, "flops");
        Assert.Equal("6n", result.Json.GetProperty("convention").GetString());
        Assert.Equal(0d, result.Json.GetProperty("attention_flops_per_token_forward").GetDouble());
    }

    [Fact]
    public void Dapo_reports_its_generation_inputs()
    {
        // Given K = 2 rounds of 128 prompts, 64 trained, 8 responses of 2000 tokens on Llama-3.2-3B (tied, N = 3,212,574,720)
        //   F_fwd(2000) = 2·3,212,574,720 + 4·2000·28·3072; per step (2·128 + 3·64)·8·2000·F_fwd
        var forward = (2d * 3_212_574_720d) + (4d * 2000 * 28 * 3072);

        // When
        var result = CliResult.Run("flops", "--model", "llama3.2-3b", "--paradigm", "dapo", "--batch", "64", "--gen-batch", "128", "--gen-rounds", "2", "--group", "8", "--seq-len", "2000", "--format", "json");

        // Then
        Assert.Equal(0, result.ExitCode);
        Precision.AssertClose(448d * 8 * 2000 * forward, result.Json.GetProperty("flops").GetDouble(), 12, "flops");
        Assert.Equal(2, result.Json.GetProperty("inputs").GetProperty("gen_rounds").GetDouble());
        Assert.Equal(128, result.Json.GetProperty("inputs").GetProperty("gen_batch").GetDouble());
    }

    [Theory]
    [InlineData("--paradigm grpo --batch 8 --seq-len 100 --model qwen2.5-7b", "needs --group")]
    [InlineData("--paradigm luffy --group 7 --batch 8 --seq-len 100 --model qwen2.5-7b", "needs --expert-per-prompt")]
    [InlineData("--paradigm sft --batch 8 --seq-len 100", "exactly one of --model")]
    [InlineData("--paradigm sft --batch 8 --seq-len 100 --model gpt-5", "Unknown --model 'gpt-5'")]
    [InlineData("--paradigm ppo --batch 8 --seq-len 100 --model qwen2.5-7b", "Unknown --paradigm 'ppo'")]
    [InlineData("--paradigm sft --batch 8 --seq-len 100 --model qwen2.5-7b --convention kaplan", "Unknown --convention 'kaplan'")]
    public void Incomplete_or_unknown_options_are_usage_errors(string arguments, string expected)
    {
        // When
        var result = CliResult.Run(["flops", .. arguments.Split(' ')]);

        // Then
        Assert.Equal(HeadroomCli.UsageError, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--batch 0 --seq-len 100", "The setting 'batch' is 0; it must be a positive number.")]
    [InlineData("--batch 8 --seq-len -5", "The setting '--seq-len' is -5; it must be a positive number of tokens.")]
    [InlineData("--batch 8 --seq-len 100 --steps -1", "The setting 'steps' is -1; it must be zero or more.")]
    public void Impossible_values_are_bad_input(string arguments, string expected)
    {
        // When
        var result = CliResult.Run(["flops", "--model", "qwen2.5-7b", "--paradigm", "sft", .. arguments.Split(' ')]);

        // Then
        Assert.Equal("headroom: " + expected, result.AssertBadInput());
    }

    [Fact]
    public void A_missing_config_file_is_bad_input()
    {
        // When
        var result = CliResult.Run("flops", "--config", "/no/such/config.json", "--paradigm", "sft", "--batch", "8", "--seq-len", "100");

        // Then
        Assert.Equal("headroom: /no/such/config.json: no such model config file.", result.AssertBadInput());
    }
}
