using System.Runtime.CompilerServices;
namespace Headroom.Ingest;

/// <summary>
/// Running totals of one series fed in write order. The first <see cref="ExactPoints"/> points are kept, so a short
/// series whose steps repeat or go back (a resumed run, a total logged per checkpoint) is merged exactly, the last
/// value of a step winning; past that only the totals are kept, exact while the steps keep increasing. A step that
/// goes back after that sets <see cref="NeedsPoints"/>: the series must be read again whole to be merged.
/// </summary>
internal sealed class RunningSeries
{
    public const int ExactPoints = 4096;

    private List<MetricPoint>? _kept = [];
    private long _count;
    private long _first;
    private long _last;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;
    private long _nonFinite;

    /// <summary>True when a step went back after the kept points were let go.</summary>
    public bool NeedsPoints { get; private set; }

    /// <summary>True when the steps ever went back or repeated (the series is not in step order as written).</summary>
    public bool Unordered { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(long step, double value)
    {
        if (_kept is not null)
        {
            if (_kept.Count > 0 && step <= _kept[^1].Step)
            {
                Unordered = true;
            }

            _kept.Add(new MetricPoint(step, value));
            if (_kept.Count > ExactPoints)
            {
                foreach (var point in SeriesMerge.LastValuePerStep(_kept))
                {
                    Push(point.Step, point.Value);
                }

                _kept = null;
            }

            return;
        }

        if (step <= _last)
        {
            Unordered = true;
            NeedsPoints = true;
            return;
        }

        if (!NeedsPoints)
        {
            Push(step, value);
        }
    }

    /// <summary>
    /// Adds a stretch of points by its totals when that gives what adding them one by one would: once the kept points
    /// are let go, for steps that go up from the last one; false (nothing changed) otherwise.
    /// </summary>
    public bool TryAdd(in SpanSummary span)
    {
        if (_kept is not null)
        {
            return false;
        }

        if (NeedsPoints)
        {
            // Add ignores every point from here on; the series is read again whole.
            return true;
        }

        if (!span.Increasing || span.FirstStep <= _last)
        {
            return false;
        }

        _count += span.Count;
        _last = span.LastStep;
        _min = Math.Min(_min, span.Min);
        _max = Math.Max(_max, span.Max);
        _nonFinite += span.NonFinite;
        return true;
    }

    /// <summary>The totals, the values scaled by <paramref name="scale"/>.</summary>
    public SeriesSummary Summary(string key, string? canonical, string? benchmark, double scale)
    {
        if (_kept is not null)
        {
            foreach (var point in SeriesMerge.LastValuePerStep(_kept))
            {
                Push(point.Step, point.Value);
            }

            _kept = null;
        }

        double? min = double.IsFinite(_min) ? _min * scale : null;
        double? max = double.IsFinite(_max) ? _max * scale : null;
        if (scale < 0)
        {
            (min, max) = (max, min);
        }

        return new SeriesSummary(key, canonical, benchmark, _count, _count == 0 ? null : _first, _count == 0 ? null : _last, min, max, _nonFinite, scale);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Push(long step, double value)
    {
        if (_count++ == 0)
        {
            _first = step;
        }

        _last = step;
        if (double.IsFinite(value))
        {
            _min = Math.Min(_min, value);
            _max = Math.Max(_max, value);
        }
        else
        {
            _nonFinite++;
        }
    }
}
