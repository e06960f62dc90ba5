using Headroom.Lab.Training;

namespace Headroom.Lab.Model;

/// <summary>
/// Named model sizes for `--model-size`, from ~0.2M to ~5M parameters (V = 19, 128 positions), with the
/// SwiGLU width LLaMA uses (8H/3 rounded up to a multiple of 32); the presets' own models are named by
/// the preset. `--set model.KEY=N` refines any of them.
/// </summary>
internal static class ModelSizes
{
    /// <summary>The sizes by name: 0.2M (224,768 parameters), 1M (1,027,584), 5M (4,866,048).</summary>
    public static IReadOnlyDictionary<string, LlamaConfig> Named { get; } = new Dictionary<string, LlamaConfig>(StringComparer.OrdinalIgnoreCase)
    {
        ["0.2M"] = new(Layers: 4, Hidden: 64, Heads: 4, FeedForward: 192, Vocabulary: CharTokenizer.VocabularySize, BlockSize: 160),
        ["1M"] = new(Layers: 5, Hidden: 128, Heads: 4, FeedForward: 352, Vocabulary: CharTokenizer.VocabularySize, BlockSize: 160),
        ["5M"] = new(Layers: 6, Hidden: 256, Heads: 8, FeedForward: 704, Vocabulary: CharTokenizer.VocabularySize, BlockSize: 160),
    };

    /// <summary>Every name <see cref="Resolve"/> accepts.</summary>
    public static IEnumerable<string> Names => Named.Keys.Concat(["tiny", "small", "full"]);

    /// <summary>The shortest options that request <paramref name="model"/>: "--model-size NAME" for a named size, else every --set model.KEY=N.</summary>
    public static string Flags(LlamaConfig model)
        => Names.FirstOrDefault(name => Resolve(name, LabPreset.Tiny) == model) is { } name ? $"--model-size {name}" : ConfigOverrides.ModelFlags(model);

    /// <summary>The model of <paramref name="size"/> (a named size or a preset's name); null means <paramref name="preset"/>'s model.</summary>
    public static LlamaConfig Resolve(string? size, LabPreset preset)
    {
        if (size is null)
        {
            return preset.Model;
        }

        if (Named.TryGetValue(size, out var named))
        {
            return named;
        }

        return size.ToLowerInvariant() is "tiny" or "small" or "full" ? LabPreset.Named(size).Model : throw LabException.UnknownModelSize(size, Names);
    }
}
