namespace Headroom.Ingest;

/// <summary>
/// Scalars handed out by an <see cref="IScalarScanner"/>: a slice of a point array that stays valid
/// until the scanner's next call. Tag ids are the run's own when <see cref="TagIds"/> is null, else
/// a chunk's, which <see cref="TagIds"/> maps to the run's.
/// </summary>
/// <param name="Points">The array holding the points.</param>
/// <param name="Start">Index of the first point.</param>
/// <param name="Count">Number of points; 0 at the end of the file.</param>
/// <param name="TagIds">Chunk tag id to run tag id, or null when the ids are the run's already.</param>
/// <param name="Spans">The points' totals per tag, when the scanner was asked for them and has them (else empty).</param>
internal readonly record struct ScalarBatch(ScalarPoint[] Points, int Start, int Count, int[]? TagIds, ReadOnlyMemory<SpanSummary> Spans = default)
{
    /// <summary>The points.</summary>
    public ReadOnlySpan<ScalarPoint> Span => Points.AsSpan(Start, Count);

    /// <summary>The run's id for a point's tag id.</summary>
    public int RunTagId(int tagId) => TagIds is null ? tagId : TagIds[tagId];
}
