namespace Headroom.Core.Regimes;

/// <summary>The thresholds of the regimes (framework.md §4), changed with <c>with</c>.</summary>
public sealed record RegimeOptions
{
    /// <summary>The paper's settings: δ = 0.02, δ₂ = 0.10, offline.</summary>
    public static RegimeOptions Default { get; } = new();

    /// <summary>δ: a checkpoint is Stable when L ≤ (1+δ) L_min (default 0.02).</summary>
    public double Delta { get; init; } = 0.02;

    /// <summary>δ₂: after the last Stable checkpoint, L ≥ (1+δ₂) L_min is Severe overfitting (default 0.10).</summary>
    public double Delta2 { get; init; } = 0.10;

    /// <summary>
    /// True for a live run: L_min is the minimum so far and the result says the labels may change
    /// (a lower loss later lowers the band). The arithmetic is the same.
    /// </summary>
    public bool Provisional { get; init; }

    /// <summary>Throws when δ is negative or not finite, or δ₂ is not above δ.</summary>
    /// <exception cref="InvalidSettingException">The thresholds do not make a band.</exception>
    public void Validate()
    {
        if (!double.IsFinite(Delta) || Delta < 0)
        {
            throw InvalidSettingException.OutOfRange("delta", Delta, "a finite number of zero or more");
        }

        if (!double.IsFinite(Delta2) || Delta2 <= Delta)
        {
            throw InvalidSettingException.OutOfRange("delta2", Delta2, $"finite and above delta = {Delta}");
        }
    }
}
