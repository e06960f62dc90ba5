namespace Headroom.Core.Compute;

/// <summary>
/// Built-in model dimensions, copied from each model's Hugging Face <c>config.json</c>
/// (Qwen/Qwen2.5-7B, Qwen/Qwen2.5-14B, meta-llama/Llama-3.2-3B).
/// </summary>
public static class ModelPresets
{
    /// <summary>Qwen2.5-7B: 28 layers, width 3584, FFN 18944, vocabulary 152064, 28 query / 4 KV heads of 128, untied.</summary>
    public static ModelDimensions Qwen25_7B { get; } = new(
        Layers: 28, Hidden: 3584, FeedForward: 18944, Vocabulary: 152064,
        Heads: 28, KeyValueHeads: 4, HeadDim: 128, TiedEmbeddings: false, Name: "Qwen2.5-7B");

    /// <summary>Qwen2.5-14B: 48 layers, width 5120, FFN 13824, vocabulary 152064, 40 query / 8 KV heads of 128, untied.</summary>
    public static ModelDimensions Qwen25_14B { get; } = new(
        Layers: 48, Hidden: 5120, FeedForward: 13824, Vocabulary: 152064,
        Heads: 40, KeyValueHeads: 8, HeadDim: 128, TiedEmbeddings: false, Name: "Qwen2.5-14B");

    /// <summary>Llama-3.2-3B: 28 layers, width 3072, FFN 8192, vocabulary 128256, 24 query / 8 KV heads of 128, tied embeddings.</summary>
    public static ModelDimensions Llama32_3B { get; } = new(
        Layers: 28, Hidden: 3072, FeedForward: 8192, Vocabulary: 128256,
        Heads: 24, KeyValueHeads: 8, HeadDim: 128, TiedEmbeddings: true, Name: "Llama3.2-3B");

    /// <summary>Every preset, in the order listed above.</summary>
    public static IReadOnlyList<ModelDimensions> All { get; } = [Qwen25_7B, Qwen25_14B, Llama32_3B];

    /// <summary>
    /// Finds a preset by name, ignoring case and punctuation ("qwen2.5-7b", "Qwen2.5-7B", "qwen25_7b" all match).
    /// Returns false (and null) when no preset has that name.
    /// </summary>
    public static bool TryFind(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ModelDimensions? model)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = Normalise(name);
        model = All.FirstOrDefault(preset => Normalise(preset.Name) == key);
        return model is not null;
    }

    private static string Normalise(string name)
        => new(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
