using System.Text.Json.Nodes;
using Headroom.Lab.Model;

namespace Headroom.Lab.Training;

/// <summary>
/// The model's `config.json` in the Hugging Face layout, so tools that read model configs (and Core's
/// FLOPs accounting through the ingest readers) see the lab model's real dimensions.
/// </summary>
internal static class HfModelConfig
{
    public const string FileName = "config.json";

    public static void Write(string path, GptConfig config, long parameters)
    {
        var json = new JsonObject
        {
            ["architectures"] = new JsonArray("HeadroomGptForCausalLM"),
            ["model_type"] = "headroom-gpt",
            ["hidden_act"] = "silu",
            ["hidden_size"] = config.Hidden,
            ["intermediate_size"] = config.FeedForward,
            ["num_hidden_layers"] = config.Layers,
            ["num_attention_heads"] = config.Heads,
            ["num_key_value_heads"] = config.Heads,
            ["head_dim"] = config.HeadDim,
            ["vocab_size"] = config.Vocabulary,
            ["max_position_embeddings"] = config.BlockSize,
            ["tie_word_embeddings"] = false,
            ["attention_bias"] = false,
            ["mlp_bias"] = false,
            ["norm"] = "layernorm",
            ["position_embedding"] = "learned",
            ["torch_dtype"] = "float32",
            ["num_parameters"] = parameters,
            ["tokenizer"] = "char:" + CharTokenizer.Alphabet,
        };
        File.WriteAllText(path, json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    public static GptConfig Read(string path)
    {
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        return new GptConfig(
            (int)json["num_hidden_layers"]!, (int)json["hidden_size"]!, (int)json["num_attention_heads"]!,
            (int)json["intermediate_size"]!, (int)json["vocab_size"]!, (int)json["max_position_embeddings"]!);
    }
}
