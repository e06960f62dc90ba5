namespace Headroom.Core.Regimes;

/// <summary>The names every output uses for an <see cref="SftRegime"/>.</summary>
public static class SftRegimeNames
{
    /// <summary>The snake_case name of JSON and CSV output: `adaptive`, `stable`, `mild_overfitting`, `severe_overfitting`.</summary>
    public static string JsonName(this SftRegime regime) => regime switch
    {
        SftRegime.MildOverfitting => "mild_overfitting",
        SftRegime.SevereOverfitting => "severe_overfitting",
        _ => regime.ToString().ToLowerInvariant(),
    };

    /// <summary>The name a person reads: `Adaptive`, `Stable`, `Mild overfitting`, `Severe overfitting`.</summary>
    public static string Label(this SftRegime regime) => regime switch
    {
        SftRegime.MildOverfitting => "Mild overfitting",
        SftRegime.SevereOverfitting => "Severe overfitting",
        _ => regime.ToString(),
    };
}
