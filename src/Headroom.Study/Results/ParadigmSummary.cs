using Headroom.Core.Fitting;

namespace Headroom.Study;

/// <summary>One paradigm of the study (SFT-then-RL, Pure-SFT, each Pure-RL and synchronized algorithm) at its best.</summary>
/// <param name="Label">A label such as "SFT-then-RL", "Pure-RL (dapo)" or "LUFFY".</param>
/// <param name="Paradigm">The paradigm.</param>
/// <param name="BestRun">The run with the highest ceiling.</param>
/// <param name="Ceiling">Its ceiling (A_post; the peak observed score for Pure-SFT and peak fallbacks).</param>
/// <param name="CeilingInterval">The ceiling's interval (unknown for peaks).</param>
/// <param name="IsPeak">True when the ceiling is a peak observed score, not a fitted asymptote.</param>
/// <param name="PeakObserved">The highest score measured in any of its runs.</param>
/// <param name="Runs">How many runs it has.</param>
/// <param name="DetrendedSpread">The median detrended spread of its runs' scores.</param>
/// <param name="Collapses">Runs whose score collapsed.</param>
public sealed record ParadigmSummary(
    string Label,
    Paradigm Paradigm,
    string BestRun,
    double Ceiling,
    Interval CeilingInterval,
    bool IsPeak,
    double PeakObserved,
    int Runs,
    double DetrendedSpread,
    int Collapses)
{
    /// <summary>Whether the ceiling is a fitted law the data identify; false for peaks and for curves still rising (a lower bound or an extrapolation).</summary>
    public bool Identified { get; init; }
}
