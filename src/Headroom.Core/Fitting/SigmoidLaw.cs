namespace Headroom.Core.Fitting;

/// <summary>
/// The RL scaling law of the Plasticity-Ceiling Framework (Ding et al., arXiv 2512.11470, framework.md §2):
///
///     gain(x) = eps + (PL - eps) / (1 + (C_mid / x)^B),     x = RL compute since the branch point,
///
/// evaluated as eps + (PL - eps) σ(B (ln x - ln C_mid)) for numerical stability. At x = 0 (the branch
/// point) the gain is eps; as x → ∞ it tends to PL, so the ceiling is A_post = P_sft + PL.
/// </summary>
public static class SigmoidLaw
{
    /// <summary>The gain at compute <paramref name="x"/>; eps at x = 0; NaN for negative or NaN x.</summary>
    public static double Gain(double x, SigmoidParameters p)
    {
        if (!(x >= 0))
        {
            return double.NaN;
        }

        return x == 0 ? p.Eps : p.Eps + (p.PL - p.Eps) * Logistic(p.B * (Math.Log(x) - Math.Log(p.CMid)));
    }

    /// <summary>The logistic function σ(z) = 1 / (1 + e^-z), computed without overflow for large |z|.</summary>
    public static double Logistic(double z)
    {
        if (z >= 0)
        {
            return 1.0 / (1.0 + Math.Exp(-z));
        }

        var e = Math.Exp(z);
        return e / (1.0 + e);
    }

    /// <summary>
    /// The compute at which the gain reaches the fraction <paramref name="fraction"/> of the way from eps
    /// to PL: C_mid (f / (1 - f))^(1/B). NaN unless 0 &lt; f &lt; 1.
    /// </summary>
    public static double ComputeForFraction(SigmoidParameters p, double fraction)
    {
        if (!(fraction > 0 && fraction < 1))
        {
            return double.NaN;
        }

        return p.CMid * Math.Pow(fraction / (1 - fraction), 1.0 / p.B);
    }
}
