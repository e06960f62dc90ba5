namespace Headroom.Lab.Studies;

/// <summary>
/// Expected seconds of a run of each kind: the mean of the finished runs of that kind (this invocation's, or
/// recorded in the markers of runs finished earlier); before any of its kind has finished, its relative size
/// (an RL run about twice an SFT run) times the seconds per unit of everything finished so far.
/// </summary>
internal sealed class StudyEta
{
    private readonly Dictionary<StudyRunKind, (double Seconds, int Count)> _finished = [];

    public void Add(StudyRunKind kind, double seconds)
    {
        if (kind == StudyRunKind.World || !double.IsFinite(seconds))
        {
            return; // the world runs alone before the others; it says nothing about them
        }

        var (sum, count) = _finished.GetValueOrDefault(kind);
        _finished[kind] = (sum + seconds, count + 1);
    }

    /// <summary>Expected seconds of a run of <paramref name="kind"/>, or null while nothing has finished.</summary>
    public double? Expected(StudyRunKind kind)
    {
        if (_finished.TryGetValue(kind, out var own))
        {
            return own.Seconds / own.Count;
        }

        var units = _finished.Sum(p => p.Value.Count * Units(p.Key));
        return units > 0 ? _finished.Sum(p => p.Value.Seconds) / units * Units(kind) : null;
    }

    /// <summary>
    /// Time to the end with <paramref name="jobs"/> runs at a time: the expected seconds of the runs left and of
    /// what the running ones have still to do, spread over the jobs; null while nothing has finished.
    /// </summary>
    public TimeSpan? Remaining(IEnumerable<StudyRunKind> left, IEnumerable<(StudyRunKind Kind, double Fraction)> running, int jobs)
    {
        double total = 0;
        foreach (var (kind, share) in left.Select(k => (k, 1.0)).Concat(running.Select(r => (r.Kind, 1 - r.Fraction))))
        {
            if (Expected(kind) is not { } seconds)
            {
                return null;
            }

            total += seconds * share;
        }

        return TimeSpan.FromSeconds(total / Math.Max(1, jobs));
    }

    private static double Units(StudyRunKind kind) => kind == StudyRunKind.Sft ? 1 : 2;
}
