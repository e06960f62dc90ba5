using Headroom.Core;

namespace Headroom.Ingest;

/// <summary>
/// A model <c>config.json</c> that cannot give model dimensions. Every message names the file and the field
/// (or the line and byte for JSON that does not parse).
/// </summary>
public sealed class ModelConfigException : HeadroomException
{
    private ModelConfigException(string message, Exception? inner = null)
        : base(message, inner ?? new InvalidDataException(message))
    {
    }

    /// <summary>The file does not exist.</summary>
    public static ModelConfigException NotFound(string path)
        => new($"{path}: no such model config file.");

    /// <summary>The text is not JSON.</summary>
    public static ModelConfigException Malformed(string path, long? line, long? byteInLine, Exception inner)
        => new($"{path}: line {(line ?? 0) + 1}, byte {byteInLine ?? 0}: not valid JSON ({FirstSentence(inner.Message)}).", inner);

    /// <summary>The JSON is not an object.</summary>
    public static ModelConfigException NotAnObject(string path, string kind)
        => new($"{path}: the config must be a JSON object, found {kind}.");

    /// <summary>A required field is absent; <paramref name="kind"/> names the models whose config has it (default: dense decoders).</summary>
    public static ModelConfigException MissingField(string path, string field, string? kind = null)
        => new($"{path}: missing field '{field}'; a Hugging Face config.json of a {kind ?? "Qwen2, Llama or Mistral-style decoder"} has it.");

    /// <summary>A field has the wrong JSON type.</summary>
    public static ModelConfigException WrongType(string path, string field, string expected, string found)
        => new($"{path}: field '{field}' must be {expected}, found {found}.");

    /// <summary>A field has a value the dimensions cannot take.</summary>
    public static ModelConfigException InvalidValue(string path, string field, string value, string requirement)
        => new($"{path}: field '{field}' is {value}; it must be {requirement}.");

    /// <summary>The config describes an encoder-decoder model, which the decoder FLOPs formulas do not cover.</summary>
    public static ModelConfigException EncoderDecoder(string path, string field)
        => new($"{path}: '{field}' is true: encoder-decoder models are not covered by the FLOPs formulas, which count decoder-only transformers.");

    /// <summary>The config declares layers other than full attention (sliding-window, linear or state-space).</summary>
    public static ModelConfigException HybridLayers(string path, string field, string value)
        => new($"{path}: '{field}' is {value}: hybrid layers (sliding-window, linear-attention or state-space) are not covered by the FLOPs formulas, which count full attention in every layer.");

    /// <summary>The config declares experts of a mixture-of-experts family the FLOPs formulas do not know.</summary>
    public static ModelConfigException UnknownExperts(string path, string field, string value, string? modelType)
        => new($"{path}: '{field}' is {value} and model_type is {(modelType is null ? "absent" : $"'{modelType}'")}: this mixture-of-experts variant is not covered by the FLOPs formulas, which know Mixtral, Qwen2-MoE, Qwen3-MoE and DeepSeek-V2/V3 (model_type {string.Join(", ", MoeFamilies.ByModelType.Keys)}).");

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }
}
