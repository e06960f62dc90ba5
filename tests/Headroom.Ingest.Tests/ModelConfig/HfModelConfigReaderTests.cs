using Headroom.Core.Compute;

namespace Headroom.Ingest.Tests.ModelConfig;

public sealed class HfModelConfigReaderTests : IDisposable
{
    // The fields of Qwen/Qwen2.5-7B/config.json as published on the Hugging Face Hub.
    private const string Qwen25_7B = """
        {
          "architectures": ["Qwen2ForCausalLM"],
          "attention_dropout": 0.0,
          "bos_token_id": 151643,
          "eos_token_id": 151643,
          "hidden_act": "silu",
          "hidden_size": 3584,
          "initializer_range": 0.02,
          "intermediate_size": 18944,
          "max_position_embeddings": 131072,
          "max_window_layers": 28,
          "model_type": "qwen2",
          "num_attention_heads": 28,
          "num_hidden_layers": 28,
          "num_key_value_heads": 4,
          "rms_norm_eps": 1e-06,
          "rope_theta": 1000000.0,
          "sliding_window": 131072,
          "tie_word_embeddings": false,
          "torch_dtype": "bfloat16",
          "transformers_version": "4.40.1",
          "use_cache": true,
          "use_mrope": false,
          "use_sliding_window": false,
          "vocab_size": 152064
        }
        """;

    // meta-llama/Llama-3.2-3B/config.json (abridged to the fields that matter, values as published).
    private const string Llama32_3B = """
        {
          "architectures": ["LlamaForCausalLM"],
          "head_dim": 128,
          "hidden_size": 3072,
          "intermediate_size": 8192,
          "model_type": "llama",
          "num_attention_heads": 24,
          "num_hidden_layers": 28,
          "num_key_value_heads": 8,
          "rope_scaling": { "factor": 32.0, "rope_type": "llama3" },
          "tie_word_embeddings": true,
          "vocab_size": 128256
        }
        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "headroom-modelconfig-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private string Write(string modelFolder, string json)
    {
        var directory = Path.Combine(_folder, modelFolder);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "config.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Qwen25_7B_config_gives_the_preset_dimensions_named_after_its_folder()
    {
        // Given
        var path = Write("Qwen2.5-7B", Qwen25_7B);

        // When
        var model = HfModelConfigReader.Read(path);

        // Then: head_dim is absent, so d = 3584 / 28 = 128
        Assert.Equal(ModelPresets.Qwen25_7B, model);
    }

    [Fact]
    public void Llama32_3B_config_keeps_its_head_dim_and_tied_embeddings()
    {
        // When
        var model = HfModelConfigReader.Parse(Llama32_3B, "config.json", "Llama3.2-3B");

        // Then
        Assert.Equal(ModelPresets.Llama32_3B, model);
    }

    [Fact]
    public void Small_qwen2_models_tie_their_embeddings_and_name_comes_from_name_or_path()
    {
        // Given Qwen/Qwen2-0.5B: 24 layers, 896 wide, 14 heads of 64, 2 KV heads, FFN 4864, vocabulary 151936, tied
        var json = """
            { "_name_or_path": "Qwen/Qwen2-0.5B", "hidden_size": 896, "intermediate_size": 4864, "num_attention_heads": 14,
              "num_hidden_layers": 24, "num_key_value_heads": 2, "tie_word_embeddings": true, "vocab_size": 151936 }
            """;

        // When
        var model = HfModelConfigReader.Parse(json);

        // Then
        Assert.Equal(new ModelDimensions(24, 896, 4864, 151936, 14, 2, 64, true, "Qwen2-0.5B"), model);
    }

    [Fact]
    public void Missing_optional_fields_take_the_transformers_defaults()
    {
        // Given a Mistral-7B-v0.1-like config without num_key_value_heads, head_dim or tie_word_embeddings
        var json = """
            { "model_type": "mistral", "hidden_size": 4096, "intermediate_size": 14336, "num_attention_heads": 32,
              "num_hidden_layers": 32, "vocab_size": 32000, "head_dim": null }
            """;

        // When
        var model = HfModelConfigReader.Parse(json);

        // Then: KV heads = heads, d = 4096 / 32, untied, named by model_type
        Assert.Equal(new ModelDimensions(32, 4096, 14336, 32000, 32, 32, 128, false, "mistral"), model);
    }

    [Fact]
    public void A_multimodal_wrapper_is_read_from_its_text_config()
    {
        // Given
        var json = $$"""{ "model_type": "wrapper", "_name_or_path": "org/VL-7B", "text_config": {{Qwen25_7B}} }""";

        // When
        var model = HfModelConfigReader.Parse(json);

        // Then
        Assert.Equal(ModelPresets.Qwen25_7B with { Name = "VL-7B" }, model);
    }

    [Fact]
    public void A_missing_field_is_named_with_the_file()
    {
        // Given
        var path = Write("broken", Qwen25_7B.Replace("\"intermediate_size\": 18944,", string.Empty, StringComparison.Ordinal));

        // When
        var error = Assert.Throws<ModelConfigException>(() => HfModelConfigReader.Read(path));

        // Then
        Assert.Equal($"{path}: missing field 'intermediate_size'; a Hugging Face config.json of a Qwen2, Llama or Mistral-style decoder has it.", error.Message);
    }

    [Theory]
    [InlineData("\"hidden_size\": \"3584\"", "field 'hidden_size' must be a positive integer, found the string \"3584\".")]
    [InlineData("\"hidden_size\": 3584.5", "field 'hidden_size' is 3584.5; it must be a positive integer.")]
    [InlineData("\"hidden_size\": -1", "field 'hidden_size' is -1; it must be a positive integer.")]
    [InlineData("\"hidden_size\": 3584.0", null)]
    public void A_field_of_the_wrong_type_or_value_is_named(string replacement, string? expected)
    {
        // Given
        var json = Qwen25_7B.Replace("\"hidden_size\": 3584", replacement, StringComparison.Ordinal);

        // When
        var read = () => HfModelConfigReader.Parse(json, "cfg.json");

        // Then
        if (expected is null)
        {
            Assert.Equal(3584, read().Hidden);
        }
        else
        {
            Assert.Equal("cfg.json: " + expected, Assert.Throws<ModelConfigException>(read).Message);
        }
    }

    [Fact]
    public void A_tie_flag_that_is_not_a_boolean_is_rejected()
    {
        // When
        var error = Assert.Throws<ModelConfigException>(
            () => HfModelConfigReader.Parse(Qwen25_7B.Replace("\"tie_word_embeddings\": false", "\"tie_word_embeddings\": \"no\"", StringComparison.Ordinal), "cfg.json"));

        // Then
        Assert.Equal("cfg.json: field 'tie_word_embeddings' must be true or false, found the string \"no\".", error.Message);
    }

    [Fact]
    public void Json_that_does_not_parse_is_reported_with_its_line()
    {
        // Given a missing comma at the end of line 2
        var json = "{\n  \"hidden_size\": 3584\n  \"vocab_size\": 1\n}";

        // When
        var error = Assert.Throws<ModelConfigException>(() => HfModelConfigReader.Parse(json, "cfg.json"));

        // Then
        Assert.StartsWith("cfg.json: line 3, byte 2: not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Experts_in_a_dense_family_config_are_refused_rather_than_counted_as_dense()
    {
        // Given a qwen2 config that declares experts
        var json = Qwen25_7B.Replace("\"vocab_size\": 152064", "\"vocab_size\": 152064, \"num_local_experts\": 8", StringComparison.Ordinal);

        // When
        var error = Assert.Throws<ModelConfigException>(() => HfModelConfigReader.Parse(json, "cfg.json"));

        // Then
        Assert.StartsWith("cfg.json: 'num_local_experts' is 8 and model_type is 'qwen2': this mixture-of-experts variant is not covered", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_head_count_that_does_not_divide_the_width_needs_head_dim()
    {
        // When
        var error = Assert.Throws<ModelConfigException>(
            () => HfModelConfigReader.Parse(Qwen25_7B.Replace("\"num_attention_heads\": 28", "\"num_attention_heads\": 27", StringComparison.Ordinal), "cfg.json"));

        // Then
        Assert.Contains("'head_dim' is absent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_and_a_non_object_are_clear_errors()
    {
        // Given
        var absent = Path.Combine(_folder, "nope", "config.json");

        // When / Then
        Assert.Equal($"{absent}: no such model config file.", Assert.Throws<ModelConfigException>(() => HfModelConfigReader.Read(absent)).Message);
        Assert.Equal("cfg.json: the config must be a JSON object, found an array.", Assert.Throws<ModelConfigException>(() => HfModelConfigReader.Parse("[1]", "cfg.json")).Message);
    }
}
