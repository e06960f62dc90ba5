namespace Headroom.Ingest;

/// <summary>What <see cref="LogIngest.Summarise"/> found under the paths it was given.</summary>
/// <param name="Runs">Every run, summarised, in walk order (as in <see cref="IngestResult.Runs"/>).</param>
/// <param name="Unrecognised">Files under the given folders that no reader recognised (hidden files excepted).</param>
/// <param name="Failures">Logs that could not be read at all (lenient policy only; strict throws).</param>
public sealed record SummaryResult(
    IReadOnlyList<RunSummary> Runs,
    IReadOnlyList<string> Unrecognised,
    IReadOnlyList<IngestFailure> Failures);
