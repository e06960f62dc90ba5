namespace Headroom.Core.Fitting.Internal;

/// <summary>A least-squares solution on one set of points.</summary>
internal readonly record struct LocalFit(SigmoidParameters Parameters, double Rss, int Iterations, bool Converged)
{
    public static LocalFit From(ProjectedLevenbergMarquardt.Result r)
        => new(new SigmoidParameters(r.B, Math.Exp(r.U), r.PL, r.Eps), r.Rss, r.Iterations, r.Converged);
}
