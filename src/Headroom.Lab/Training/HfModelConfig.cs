using System.Text.Json.Nodes;
using Headroom.Lab.Model;

namespace Headroom.Lab.Training;

/// <summary>
/// The model's `config.json` in Hugging Face's Llama layout (`model_type: llama`), so `LlamaForCausalLM`
/// and tools that read model configs (Core's FLOPs accounting through the ingest readers) see the lab
/// model's real dimensions. Written into every model folder and by `lab export`.
/// </summary>
internal static class HfModelConfig
{
    public const string FileName = "config.json";

    public static void Write(string path, LlamaConfig config, long parameters)
        => File.WriteAllText(path, Json(config, parameters).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");

    public static JsonObject Json(LlamaConfig config, long parameters) => new()
    {
        ["architectures"] = new JsonArray("LlamaForCausalLM"),
        ["model_type"] = "llama",
        ["hidden_act"] = "silu",
        ["hidden_size"] = config.Hidden,
        ["intermediate_size"] = config.FeedForward,
        ["num_hidden_layers"] = config.Layers,
        ["num_attention_heads"] = config.Heads,
        ["num_key_value_heads"] = config.Heads,
        ["head_dim"] = config.HeadDim,
        ["vocab_size"] = config.Vocabulary,
        ["max_position_embeddings"] = config.BlockSize,
        ["rms_norm_eps"] = LlamaConfig.NormEpsilon,
        ["rope_theta"] = LlamaConfig.RopeTheta,
        ["tie_word_embeddings"] = false,
        ["attention_bias"] = false,
        ["mlp_bias"] = false,
        ["pad_token_id"] = CharTokenizer.Padding,
        ["eos_token_id"] = CharTokenizer.EndToken,
        ["torch_dtype"] = "float32",
        ["num_parameters"] = parameters,
    };

    /// <summary>The model shape of a config.json; a missing, malformed or pre-Llama file is a <see cref="LabException"/> naming it.</summary>
    public static LlamaConfig Read(string path)
    {
        var json = LabFiles.ReadJsonObject(path, "model config");
        var type = json["model_type"]?.ToString();
        if (type != "llama")
        {
            throw LabException.OldModel(path, type ?? "none");
        }

        return LabFiles.Field(path, () => new LlamaConfig(
            (int)json["num_hidden_layers"]!, (int)json["hidden_size"]!, (int)json["num_attention_heads"]!,
            (int)json["intermediate_size"]!, (int)json["vocab_size"]!, (int)json["max_position_embeddings"]!), "model config");
    }
}
