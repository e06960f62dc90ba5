using Headroom.Core.Compute;
using Headroom.Ingest;

namespace Headroom.Study;

/// <summary>The study's model (a built-in preset or a `config.json`) and how its FLOPs are counted.</summary>
/// <param name="Preset">A built-in model name (e.g. `qwen2.5-7b`), or null.</param>
/// <param name="ConfigPath">A Hugging Face `config.json`, resolved against the manifest, or null.</param>
/// <param name="Convention">The FLOPs convention (framework.md §6; default `retu`).</param>
/// <param name="Line">The manifest line of the `model` section.</param>
public sealed record ModelSpec(string? Preset, string? ConfigPath, FlopsConvention Convention, long Line)
{
    /// <summary>No model: compute must then come from compute keys, per-step constants or table columns.</summary>
    public static ModelSpec None { get; } = new(null, null, FlopsConvention.Retu, 0);

    /// <summary>The model's dimensions, or null when the manifest names none.</summary>
    public ModelDimensions? Resolve(string manifest)
    {
        if (ConfigPath is not null)
        {
            try
            {
                return HfModelConfigReader.Read(ConfigPath);
            }
            catch (ModelConfigException e)
            {
                throw StudyException.Unreadable(manifest, Line, "model.config", e);
            }
        }

        if (Preset is null)
        {
            return null;
        }

        return ModelPresets.TryFind(Preset, out var model)
            ? model
            : throw StudyException.Field(manifest, Line, "model.preset", $"'{Preset}' is not a built-in model ({string.Join(", ", ModelPresets.All.Select(m => m.Name.ToLowerInvariant()))}); give model.config: path/to/config.json instead");
    }
}
