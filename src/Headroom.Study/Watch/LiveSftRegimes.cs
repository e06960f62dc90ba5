using Headroom.Core.Regimes;

namespace Headroom.Study;

/// <summary>
/// The regimes of an SFT run's validation loss as its evaluations arrive (framework.md §4 with L_min the minimum so
/// far). Each new evaluation is labelled among those before it, so the events do not depend on when they are read:
/// a run followed from its start and one picked up half-way give the same evaluation events.
/// </summary>
/// <remarks>
/// The Stable entry is announced once the recommended switch point (the first checkpoint within (1+δ) L_min) has
/// stayed where it is for <c>confirm</c> later evaluations. While the loss still falls by more than δ between
/// evaluations the point moves with every evaluation; one evaluation alone can be noise.
/// </remarks>
public sealed class LiveSftRegimes
{
    private readonly SortedDictionary<long, double> _losses = [];
    private readonly RegimeOptions _options;
    private readonly int _confirm;
    private readonly Func<long, string?> _checkpointAt;
    private long? _candidate;
    private int _held;
    private long? _announced;
    private bool _severeSaid;

    /// <param name="confirm">Later evaluations the switch point must hold for before the Stable entry is announced (at least 1).</param>
    /// <param name="checkpointAt">The saved checkpoint to name for a switch step, or null when none is saved.</param>
    /// <param name="options">δ and δ₂ (the labels are provisional whatever its <see cref="RegimeOptions.Provisional"/>).</param>
    public LiveSftRegimes(int confirm, Func<long, string?> checkpointAt, RegimeOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(confirm, 1);
        ArgumentNullException.ThrowIfNull(checkpointAt);
        _confirm = confirm;
        _checkpointAt = checkpointAt;
        _options = (options ?? RegimeOptions.Default) with { Provisional = true };
        _options.Validate();
    }

    /// <summary>The evaluations seen, by step.</summary>
    public int Count => _losses.Count;

    /// <summary>True once the Stable entry has been announced.</summary>
    public bool StableAnnounced => _announced is not null;


    /// <summary>
    /// Takes evaluations read since the last call, in any order; a step seen before with another loss replaces it.
    /// Non-finite losses are ignored here (the classifier would skip them). Returns what there is to tell.
    /// </summary>
    public IReadOnlyList<WatchEvent> Add(IEnumerable<(long Step, double Loss)> evaluations)
    {
        ArgumentNullException.ThrowIfNull(evaluations);
        var events = new List<WatchEvent>();
        foreach (var (step, loss) in evaluations.Where(e => double.IsFinite(e.Loss)).OrderBy(e => e.Step))
        {
            if (_losses.TryGetValue(step, out var before))
            {
                if (before != loss)
                {
                    _losses[step] = loss;
                    events.Add(new EvaluationChanged(step, before, loss));
                    Reassess(events, newest: null);
                }

                continue;
            }

            _losses[step] = loss;
            Reassess(events, newest: step);
        }

        return events;
    }

    /// <summary>The final labels when training has ended; announces the Stable entry if it was not, and it lies before the last evaluation.</summary>
    public IReadOnlyList<WatchEvent> Finish()
    {
        var events = new List<WatchEvent>();
        if (_losses.Count == 0)
        {
            events.Add(new TrainingFinished(0, null, null, ["No validation loss was seen."]));
            return events;
        }

        var final = Classify(provisional: false);
        var switchPoint = final.RecommendedSwitch!;
        var step = (long)switchPoint.Step;
        if (_announced is null && step != _losses.Keys.Last())
        {
            var after = _losses.Keys.Count(k => k > step);
            events.Add(new StableEntered(step, switchPoint.Loss, final.MinimumLoss, _checkpointAt(step), after, AtEnd: true));
            _announced = step;
        }

        events.Add(new TrainingFinished(_losses.Count, step, _checkpointAt(step), final.Warnings));
        return events;
    }

    private void Reassess(List<WatchEvent> events, long? newest)
    {
        var analysis = Classify(provisional: true);
        var recommended = (long)analysis.RecommendedSwitch!.Step;
        var minimum = analysis.Minimum!;
        if (newest is { } step)
        {
            var label = analysis.Checkpoints.First(c => (long)c.Step == step);
            events.Add(new EvaluationSeen(step, label.Loss, label.Regime, minimum.Loss, (long)minimum.Step, recommended, _losses.Count));
            if (label.Regime == SftRegime.SevereOverfitting && !_severeSaid && step == _losses.Keys.Last())
            {
                _severeSaid = true;
                events.Add(new SevereOverfittingSeen(step, label.Loss, minimum.Loss));
            }
        }

        // The switch point holds when a new evaluation leaves it where it was.
        if (_candidate == recommended)
        {
            _held += newest is null ? 0 : 1;
        }
        else
        {
            _candidate = recommended;
            _held = 0;
        }

        var switchLoss = _losses[recommended];
        if (_announced is null && _held >= _confirm)
        {
            _announced = recommended;
            events.Add(new StableEntered(recommended, switchLoss, minimum.Loss, _checkpointAt(recommended), _held, AtEnd: false));
        }
        else if (_announced is { } announced && announced != recommended)
        {
            _announced = recommended;
            events.Add(new SwitchMoved(announced, recommended, switchLoss, _checkpointAt(recommended)));
        }
    }

    private RegimeAnalysis Classify(bool provisional)
        => SftRegimes.Classify(_losses.Keys.Select(k => (double)k).ToList(), _losses.Values.ToList(), _options with { Provisional = provisional });
}
