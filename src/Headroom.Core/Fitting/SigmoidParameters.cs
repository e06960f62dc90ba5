namespace Headroom.Core.Fitting;

/// <summary>Parameters of the RL scaling law (see <see cref="SigmoidLaw"/>).</summary>
/// <param name="B">Steepness of the curve in log-compute.</param>
/// <param name="CMid">Compute at which half of the gain is realised (same unit as x).</param>
/// <param name="PL">Asymptotic gain over P_sft: the RL plasticity PL_rl.</param>
/// <param name="Eps">Alignment offset at the branch point (0 unless freed).</param>
public readonly record struct SigmoidParameters(double B, double CMid, double PL, double Eps = 0)
{
    /// <summary>True when every parameter is a finite number and B, C_mid are positive.</summary>
    public bool IsValid => double.IsFinite(B) && double.IsFinite(CMid) && double.IsFinite(PL) && double.IsFinite(Eps)
        && B > 0 && CMid > 0;
}
