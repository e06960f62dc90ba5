using System.Runtime.CompilerServices;
namespace Headroom.Ingest;

/// <summary>A store that keeps running totals per key (<see cref="RunningSeries"/>), never the points.</summary>
internal sealed class RunningSummaries : ISpanStore
{
    private RunningSeries?[] _series = new RunningSeries?[16];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(int key, long step, double value, double? wallTime)
    {
        if (key >= _series.Length)
        {
            Array.Resize(ref _series, Math.Max(key + 1, 2 * _series.Length));
        }

        (_series[key] ??= new RunningSeries()).Add(step, value);
    }

    /// <inheritdoc/>
    public bool TryAdd(int key, in SpanSummary span)
        => key < _series.Length && _series[key] is { } series && series.TryAdd(span);

    /// <summary>The keys that received points, with their totals.</summary>
    public IEnumerable<(int Key, RunningSeries Series)> Keys
    {
        get
        {
            for (var key = 0; key < _series.Length; key++)
            {
                if (_series[key] is { } series)
                {
                    yield return (key, series);
                }
            }
        }
    }
}
