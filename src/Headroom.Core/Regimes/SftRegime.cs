namespace Headroom.Core.Regimes;

/// <summary>The regime of an SFT checkpoint judged from its validation loss (framework.md §4).</summary>
public enum SftRegime
{
    /// <summary>Before the first Stable checkpoint: underfit; RL from here is suboptimal.</summary>
    Adaptive,

    /// <summary>L ≤ (1+δ) L_min (or between two such checkpoints): loss saturated, the recommended SFT→RL switch.</summary>
    Stable,

    /// <summary>After the last Stable checkpoint with (1+δ) L_min &lt; L &lt; (1+δ₂) L_min: acceptable, sometimes best (easy data).</summary>
    MildOverfitting,

    /// <summary>After the last Stable checkpoint with L ≥ (1+δ₂) L_min: RL plasticity collapses.</summary>
    SevereOverfitting,
}
