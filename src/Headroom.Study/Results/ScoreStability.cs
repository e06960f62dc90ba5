namespace Headroom.Study;

/// <summary>How steady a run's score is (framework.md §8: SRFT's score std is 2.6× DAPO's).</summary>
/// <param name="DetrendedSpread">Standard deviation of the score around its running median of five evaluations.</param>
/// <param name="Drawdown">The largest fall of the smoothed score below its running peak, in points.</param>
/// <param name="Collapsed">True when the ceiling estimate found the score collapsing after its peak.</param>
public sealed record ScoreStability(double DetrendedSpread, double Drawdown, bool Collapsed);
