using System.Text.Json;
using System.Text.Json.Nodes;
using Headroom.Lab.Training;
using TorchSharp.PyBridge;

namespace Headroom.Lab.Model;

/// <summary>
/// A lab model as a Hugging Face Llama folder: model.safetensors (the state dict, whose names are already
/// HF's: model.embed_tokens.weight, model.layers.N.self_attn.q_proj.weight, ..., lm_head.weight),
/// config.json (`model_type: llama`), and the character tokenizer as tokenizer.json (a BPE model with one
/// token per character and no merges, which splits any text into characters) with its
/// tokenizer_config.json and generation_config.json.
/// </summary>
internal static class HfExport
{
    public const string Weights = "model.safetensors";
    public const string Tokenizer = "tokenizer.json";
    public const string PadToken = "<pad>";

    public static ExportReport Write(Llama model, string checkpoint, string folder)
    {
        Directory.CreateDirectory(folder);
        var state = model.state_dict();
        Safetensors.SaveStateDict(Path.Combine(folder, Weights), state);
        HfModelConfig.Write(Path.Combine(folder, HfModelConfig.FileName), model.Config, model.ParameterCount);
        WriteJson(Path.Combine(folder, Tokenizer), TokenizerJson());
        WriteJson(Path.Combine(folder, "tokenizer_config.json"), new JsonObject
        {
            ["tokenizer_class"] = "PreTrainedTokenizerFast",
            ["pad_token"] = PadToken,
            ["eos_token"] = CharTokenizer.ResponseEnd.ToString(),
            ["model_max_length"] = model.Config.BlockSize,
            ["clean_up_tokenization_spaces"] = false,
        });
        WriteJson(Path.Combine(folder, "generation_config.json"), new JsonObject
        {
            ["eos_token_id"] = CharTokenizer.EndToken,
            ["pad_token_id"] = CharTokenizer.Padding,
            ["temperature"] = 0.7,
            ["top_p"] = 0.95,
            ["do_sample"] = true,
        });
        string[] files = [Weights, HfModelConfig.FileName, Tokenizer, "tokenizer_config.json", "generation_config.json"];
        return new ExportReport(checkpoint, Path.GetFullPath(folder), files, [.. state.Keys.Order(StringComparer.Ordinal)], model.ParameterCount);
    }

    /// <summary>The tokenizers library's JSON for the lab's alphabet: padding is id 0, character k of the alphabet id k + 1.</summary>
    public static JsonObject TokenizerJson()
    {
        var vocabulary = new JsonObject { [PadToken] = CharTokenizer.Padding };
        foreach (var character in CharTokenizer.Alphabet)
        {
            vocabulary[character.ToString()] = CharTokenizer.Encode(character);
        }

        return new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = new JsonArray(new JsonObject
            {
                ["id"] = CharTokenizer.Padding,
                ["content"] = PadToken,
                ["single_word"] = false,
                ["lstrip"] = false,
                ["rstrip"] = false,
                ["normalized"] = false,
                ["special"] = true,
            }),
            ["normalizer"] = null,
            ["pre_tokenizer"] = null,
            ["post_processor"] = null,
            ["decoder"] = new JsonObject { ["type"] = "Fuse" },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE",
                ["dropout"] = null,
                ["unk_token"] = null,
                ["continuing_subword_prefix"] = null,
                ["end_of_word_suffix"] = null,
                ["fuse_unk"] = false,
                ["byte_fallback"] = false,
                ["ignore_merges"] = false,
                ["vocab"] = vocabulary,
                ["merges"] = new JsonArray(),
            },
        };
    }

    private static void WriteJson(string path, JsonObject json)
        => File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
}
