namespace Headroom.Core.Fitting.Internal;

/// <summary>
/// Partial derivatives of g(x) = eps + (PL - eps) s, s = σ(B (ln x - ln C_mid)), in the parameter order
/// (B, ln C_mid, PL, eps): s(1-s)(PL-eps)(ln x - ln C_mid), -s(1-s)(PL-eps)B, s, 1 - s. All but ∂eps
/// vanish at the branch point x = 0.
/// </summary>
internal static class LawJacobian
{
    public static double Derivative(double x, SigmoidParameters p, int parameter)
    {
        if (x <= 0)
        {
            return parameter == 3 ? 1 : 0;
        }

        var z = Math.Log(x) - Math.Log(p.CMid);
        var s = SigmoidLaw.Logistic(p.B * z);
        var slope = s * (1 - s) * (p.PL - p.Eps);
        return parameter switch
        {
            0 => slope * z,
            1 => -slope * p.B,
            2 => s,
            3 => 1 - s,
            _ => throw new ArgumentOutOfRangeException(nameof(parameter)),
        };
    }
}
