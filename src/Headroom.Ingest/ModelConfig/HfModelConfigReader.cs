using System.Text.Json;
using Headroom.Core.Compute;

namespace Headroom.Ingest;

/// <summary>
/// Reads the dimensions of a dense decoder from a Hugging Face <c>config.json</c> (Qwen2, Llama, Mistral and
/// the many configs that share their keys): <c>num_hidden_layers</c>, <c>hidden_size</c>, <c>intermediate_size</c>,
/// <c>vocab_size</c>, <c>num_attention_heads</c>; optional <c>num_key_value_heads</c> (default: the heads),
/// <c>head_dim</c> (default: hidden / heads; <c>null</c> counts as absent) and <c>tie_word_embeddings</c>
/// (default false, the transformers default for these models; small Qwen2 models set it true).
/// A config that keeps these keys in <c>text_config</c> (multimodal wrappers) is read from there.
/// </summary>
public static class HfModelConfigReader
{
    private static readonly string[] _expertKeys = ["num_local_experts", "num_experts", "n_routed_experts"];

    /// <summary>Reads <paramref name="path"/>; the model is named after its <c>_name_or_path</c>, else its folder.</summary>
    /// <exception cref="ModelConfigException">The file is absent, not JSON, lacks a field, has a wrong type or value, or is a mixture of experts.</exception>
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
                throw ModelConfigException.NotAnObject(source, Describe(root));
            }

            var config = !root.TryGetProperty("num_hidden_layers", out _)
                && root.TryGetProperty("text_config", out var text) && text.ValueKind == JsonValueKind.Object
                    ? new Fields(text, source, "text_config.")
                    : new Fields(root, source, string.Empty);
            return Dimensions(config, NameOf(root) ?? fallbackName ?? config.OptionalString("model_type") ?? "model");
        }
    }

    private static ModelDimensions Dimensions(Fields config, string name)
    {
        foreach (var key in _expertKeys)
        {
            var experts = config.OptionalInt(key);
            if (experts > 1)
            {
                throw ModelConfigException.Unsupported(
                    config.Source, $"'{config.Prefix}{key}' is {experts}: mixture-of-experts models are not supported by the dense FLOPs formulas");
            }
        }

        var layers = config.RequiredInt("num_hidden_layers");
        var hidden = config.RequiredInt("hidden_size");
        var feedForward = config.RequiredInt("intermediate_size");
        var vocabulary = config.RequiredInt("vocab_size");
        var heads = config.RequiredInt("num_attention_heads");
        var keyValueHeads = config.OptionalInt("num_key_value_heads") ?? heads;
        var headDim = config.OptionalInt("head_dim") ?? DefaultHeadDim(config, hidden, heads);
        var tied = config.OptionalBool("tie_word_embeddings") ?? false;
        return new ModelDimensions(layers, hidden, feedForward, vocabulary, heads, keyValueHeads, headDim, tied, name);
    }

    private static int DefaultHeadDim(Fields config, int hidden, int heads)
        => hidden % heads == 0
            ? hidden / heads
            : throw ModelConfigException.InvalidValue(
                config.Source, config.Prefix + "head_dim", "absent", $"given because hidden_size {hidden} is not a multiple of num_attention_heads {heads}");

    private static string? NameOf(JsonElement root)
        => root.TryGetProperty("_name_or_path", out var value) && value.ValueKind == JsonValueKind.String
            && value.GetString()!.TrimEnd('/').Split('/').LastOrDefault() is { Length: > 0 } last
                ? last
                : null;

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{element.GetString()}\"",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {element.GetRawText()}",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };

    /// <summary>Typed access to one JSON object, with errors that name the file and the field.</summary>
    private readonly record struct Fields(JsonElement Element, string Source, string Prefix)
    {
        public int RequiredInt(string field)
            => Element.TryGetProperty(field, out var value)
                ? PositiveInt(field, value)
                : throw ModelConfigException.MissingField(Source, Prefix + field);

        public int? OptionalInt(string field)
            => Element.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null ? PositiveInt(field, value) : null;

        public bool? OptionalBool(string field)
        {
            if (!Element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return value.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? value.GetBoolean()
                : throw ModelConfigException.WrongType(Source, Prefix + field, "true or false", Describe(value));
        }

        public string? OptionalString(string field)
            => Element.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private int PositiveInt(string field, JsonElement value)
        {
            if (value.ValueKind != JsonValueKind.Number)
            {
                throw ModelConfigException.WrongType(Source, Prefix + field, "a positive integer", Describe(value));
            }

            // Some exporters write 3584.0; an integral value is accepted, a fraction is not.
            var number = value.GetDouble();
            if (number != Math.Floor(number) || number < 1 || number > int.MaxValue)
            {
                throw ModelConfigException.InvalidValue(Source, Prefix + field, value.GetRawText(), "a positive integer");
            }

            return (int)number;
        }
    }
}
