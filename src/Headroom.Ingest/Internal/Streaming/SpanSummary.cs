namespace Headroom.Ingest;

/// <summary>
/// Totals of one tag's points inside a stretch of a file that a chunk worker read (count, first and last step,
/// finite min and max, non-finite count, whether the steps only went up), so that a store keeping only totals
/// (<see cref="ISpanStore"/>) takes the stretch whole instead of point by point, and the summing is done on the
/// worker's core.
/// </summary>
internal struct SpanSummary
{
    /// <summary>The tag's id (a chunk's, as in the points).</summary>
    public int TagId;

    /// <summary>Number of points.</summary>
    public int Count;

    /// <summary>Step of the first point.</summary>
    public long FirstStep;

    /// <summary>Step of the last point.</summary>
    public long LastStep;

    /// <summary>Smallest finite value (+∞ when none).</summary>
    public double Min;

    /// <summary>Largest finite value (−∞ when none).</summary>
    public double Max;

    /// <summary>Values that are NaN or infinite.</summary>
    public int NonFinite;

    /// <summary>True when every step is larger than the one before it.</summary>
    public bool Increasing;

    /// <summary>The totals of one point.</summary>
    public static SpanSummary Of(int tagId, long step, double value)
    {
        var summary = new SpanSummary
        {
            TagId = tagId,
            FirstStep = step,
            LastStep = step - 1,
            Min = double.PositiveInfinity,
            Max = double.NegativeInfinity,
            Increasing = true,
        };
        summary.Add(step, value);
        return summary;
    }

    /// <summary>Adds the next point.</summary>
    public void Add(long step, double value)
    {
        Increasing &= step > LastStep;
        LastStep = step;
        Count++;
        if (double.IsFinite(value))
        {
            Min = Math.Min(Min, value);
            Max = Math.Max(Max, value);
        }
        else
        {
            NonFinite++;
        }
    }
}
