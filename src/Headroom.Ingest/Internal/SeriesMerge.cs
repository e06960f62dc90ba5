namespace Headroom.Ingest;

/// <summary>How every reader turns values in write order into a series: one value per step, the last written winning.</summary>
internal static class SeriesMerge
{
    /// <summary>Sorts by step (stably, so write order survives among equal steps) and keeps the last point of each step.</summary>
    public static MetricPoint[] LastValuePerStep(IEnumerable<MetricPoint> inWriteOrder)
    {
        var points = inWriteOrder.ToArray();
        var sorted = true;
        for (var i = 1; i < points.Length && sorted; i++)
        {
            sorted = points[i - 1].Step <= points[i].Step;
        }

        if (!sorted)
        {
            points = [.. points.OrderBy(point => point.Step)];
        }

        var kept = 0;
        for (var i = 0; i < points.Length; i++)
        {
            if (i + 1 < points.Length && points[i + 1].Step == points[i].Step)
            {
                continue;
            }

            points[kept++] = points[i];
        }

        return kept == points.Length ? points : points[..kept];
    }
}
