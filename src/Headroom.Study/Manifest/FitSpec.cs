using Headroom.Core.Fitting;

namespace Headroom.Study;

/// <summary>How the study's branches are fitted: the mode, explicit settings per branch, method and bootstrap.</summary>
public sealed record FitSpec
{
    /// <summary>The default mode with 1000 resamples at 95%, seed 0.</summary>
    public static FitSpec Default { get; } = new();

    /// <summary>How settings are chosen (default, paper, auto).</summary>
    public FitMode Mode { get; init; } = FitMode.Default;

    /// <summary>Explicit settings by branch name or SFT step (a settings file in the paper kit's layout and/or the manifest's own).</summary>
    public IReadOnlyDictionary<string, FitSettings> PerBranch { get; init; } = new Dictionary<string, FitSettings>();

    /// <summary>Sigmoid, peak, or auto (peak fallback, flagged).</summary>
    public CeilingMethodChoice Method { get; init; } = CeilingMethodChoice.Auto;

    /// <summary>Bootstrap resamples, seed and level.</summary>
    public BootstrapOptions Bootstrap { get; init; } = BootstrapOptions.Default;
}
