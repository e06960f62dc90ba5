namespace Headroom.Ingest;

/// <summary>
/// Consecutive add_scalar records found by a chunk worker: the byte range they fill (from the first
/// record's start to the last record's end) and their points in the chunk's point array.
/// </summary>
/// <param name="Start">File offset of the first record.</param>
/// <param name="End">File offset just past the last record.</param>
/// <param name="FirstPoint">Index of the first point in <see cref="EventChunk.Points"/>.</param>
/// <param name="Count">Number of records, one point each.</param>
internal readonly record struct ScalarRun(long Start, long End, int FirstPoint, int Count);
