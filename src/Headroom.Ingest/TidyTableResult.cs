namespace Headroom.Ingest;

/// <summary>What <see cref="TidyTable.Write(IEnumerable{string}, string, ReaderOptions?)"/> wrote and found.</summary>
/// <param name="Path">The table written.</param>
/// <param name="Rows">Rows written.</param>
/// <param name="Runs">Every run written, summarised, in table order.</param>
/// <param name="Unrecognised">Files under the given folders that no reader recognised.</param>
/// <param name="Failures">Logs that could not be read at all (lenient policy only).</param>
public sealed record TidyTableResult(
    string Path,
    long Rows,
    IReadOnlyList<RunSummary> Runs,
    IReadOnlyList<string> Unrecognised,
    IReadOnlyList<IngestFailure> Failures);
