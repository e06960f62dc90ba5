namespace Headroom.Ingest;

/// <summary>A point store that can take the totals of a stretch of one key's points whole (<see cref="RunningSummaries"/>).</summary>
internal interface ISpanStore : IPointStore
{
    /// <summary>
    /// Adds the stretch as its points would have been added one by one, and returns true; or returns false, having
    /// changed nothing, when its points must be added one by one to give the same result.
    /// </summary>
    bool TryAdd(int key, in SpanSummary span);
}
