namespace Headroom.Ingest;

/// <summary>
/// What a reader did not turn into values, and why: nothing is dropped silently.
/// </summary>
/// <param name="Reason">One sentence, e.g. "non-scalar summary (histogram)" or "CRC mismatch".</param>
/// <param name="Count">How many records were skipped for this reason.</param>
/// <param name="FirstLocation">Where the first one was (file and byte offset or line), if known.</param>
public sealed record SkippedRecords(string Reason, int Count, string? FirstLocation = null);
