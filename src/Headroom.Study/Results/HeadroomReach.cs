using Headroom.Core.Fitting;

namespace Headroom.Study;

/// <summary>
/// The RL compute a branch needs to realise a fraction of its headroom, from inverting its fitted law:
/// x_f = C_mid (f / (1 - f))^(1/B), with the bootstrap's interval.
/// </summary>
/// <param name="Fraction">The fraction of PL_rl (0.9, 0.95, 0.99).</param>
/// <param name="ExaFlops">RL compute since the branch point at which the law reaches the fraction.</param>
/// <param name="Interval">Its bootstrap interval (unknown without a bootstrap).</param>
/// <param name="Remaining">Compute still needed beyond the largest observed (0 when already reached).</param>
/// <param name="RemainingInterval">Its interval.</param>
public sealed record HeadroomReach(double Fraction, double ExaFlops, Interval Interval, double Remaining, Interval RemainingInterval);
