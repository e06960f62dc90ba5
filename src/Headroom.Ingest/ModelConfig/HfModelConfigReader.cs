using System.Text.Json;
using Headroom.Core.Compute;

namespace Headroom.Ingest;

/// <summary>
/// Reads the dimensions of a decoder from a Hugging Face <c>config.json</c> (framework.md §6 and its extension to
/// any HF decoder config).
/// <list type="bullet">
/// <item>Dense decoders (Qwen2, Llama, Mistral and the many configs that share their keys): <c>num_hidden_layers</c>,
/// <c>hidden_size</c>, <c>intermediate_size</c>, <c>vocab_size</c>, <c>num_attention_heads</c>; optional
/// <c>num_key_value_heads</c> (default: the heads), <c>head_dim</c> (default: hidden / heads) and
/// <c>tie_word_embeddings</c> (default false, the transformers default for these models; small Qwen2 models set it true).</item>
/// <item>Mixtures of experts of the Mixtral, Qwen2-MoE, Qwen3-MoE and DeepSeek-V2/V3 families (by <c>model_type</c>,
/// else <c>architectures</c>): experts, experts per token, expert and shared widths, and which layers have experts.</item>
/// <item>Multi-head latent attention wherever <c>kv_lora_rank</c> is set.</item>
/// <item>DeepSeek's multi-token-prediction layers (<c>num_nextn_predict_layers</c>) are recorded and never counted.</item>
/// </list>
/// Null reads as absent. A config that keeps these keys in <c>text_config</c> (multimodal wrappers) is read from there.
/// A config the formulas do not cover (another mixture-of-experts family, hybrid attention layers, an
/// encoder-decoder) is refused with one line naming the field, never estimated as if it were dense.
/// </summary>
public static class HfModelConfigReader
{
    /// <summary>Reads <paramref name="path"/>; the model is named after its <c>_name_or_path</c>, else its folder.</summary>
    /// <exception cref="ModelConfigException">
    /// The file is absent, not JSON, lacks a field, has a wrong type or value, or describes a model the FLOPs formulas do not cover.
    /// </exception>
    public static ModelDimensions Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw ModelConfigException.NotFound(path);
        }

        var folder = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path)));
        return Parse(File.ReadAllText(path), path, string.IsNullOrEmpty(folder) ? null : folder);
    }

    /// <summary>Parses config text; <paramref name="source"/> names it in errors, <paramref name="fallbackName"/> names the model when the config does not.</summary>
    /// <exception cref="ModelConfigException">As for <see cref="Read"/>.</exception>
    public static ModelDimensions Parse(string json, string source = "config.json", string? fallbackName = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException exception)
        {
            throw ModelConfigException.Malformed(source, exception.LineNumber, exception.BytePositionInLine, exception);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw ModelConfigException.NotAnObject(source, ConfigFields.Describe(root));
            }

            var wrapper = new ConfigFields(root, source, string.Empty);
            var config = !root.TryGetProperty("num_hidden_layers", out _)
                && root.TryGetProperty("text_config", out var text) && text.ValueKind == JsonValueKind.Object
                    ? new ConfigFields(text, source, "text_config.")
                    : wrapper;
            var modelType = config.OptionalString("model_type");
            var name = NameOf(root) ?? fallbackName ?? modelType ?? "model";
            return Dimensions(config, MoeFamilies.Of(modelType, wrapper.OptionalStrings("architectures")), modelType, name);
        }
    }

    private static ModelDimensions Dimensions(ConfigFields config, MoeFamily? family, string? modelType, string name)
    {
        LayerCoverage.Check(config);
        var layers = config.RequiredInt("num_hidden_layers");
        var experts = ExpertFields.Read(config, family, modelType, layers);
        var hidden = config.RequiredInt("hidden_size");
        var feedForward = config.RequiredInt("intermediate_size");
        var vocabulary = config.RequiredInt("vocab_size");
        var heads = config.RequiredInt("num_attention_heads");
        var tied = config.OptionalBool("tie_word_embeddings") ?? false;
        var latent = LatentAttentionFields.Read(config);

        // Latent attention has no shared key/value heads and its own head widths; head_dim, when a config has it, is the rotary width.
        var keyValueHeads = latent is null ? config.OptionalInt("num_key_value_heads") ?? heads : heads;
        var headDim = latent?.QueryKeyHeadDim ?? config.OptionalInt("head_dim") ?? DefaultHeadDim(config, hidden, heads);
        return new ModelDimensions(layers, hidden, feedForward, vocabulary, heads, keyValueHeads, headDim, tied, name)
        {
            LatentAttention = latent,
            Experts = experts,
            MultiTokenPredictionLayers = config.OptionalCount("num_nextn_predict_layers") ?? 0,
        };
    }

    private static int DefaultHeadDim(ConfigFields config, int hidden, int heads)
        => hidden % heads == 0
            ? hidden / heads
            : throw ModelConfigException.InvalidValue(
                config.Source, config.Prefix + "head_dim", "absent", $"given because hidden_size {hidden} is not a multiple of num_attention_heads {heads}");

    private static string? NameOf(JsonElement root)
        => root.TryGetProperty("_name_or_path", out var value) && value.ValueKind == JsonValueKind.String
            && value.GetString()!.TrimEnd('/').Split('/').LastOrDefault() is { Length: > 0 } last
                ? last
                : null;
}
