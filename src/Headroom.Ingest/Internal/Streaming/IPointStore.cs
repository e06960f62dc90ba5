namespace Headroom.Ingest;

/// <summary>
/// Where the points of one run go while a reader reads it, in the order the trainer wrote them: kept
/// (<see cref="PointLists"/>), summarised on the fly (<see cref="RunningSummaries"/>) or written straight to a
/// table (<see cref="TidyRows"/>). Keys are ids of the run's <see cref="RunBuilder.Keys"/>.
/// </summary>
internal interface IPointStore
{
    void Add(int key, long step, double value, double? wallTime);
}
