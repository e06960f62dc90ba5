namespace Headroom.Ingest;

/// <summary>One run as <see cref="LogIngest.Summarise"/> describes it: a <see cref="RunLog"/> with running summaries in place of the points.</summary>
/// <param name="Format">The reader's format name.</param>
/// <param name="Path">The file or folder the run was read from.</param>
/// <param name="Name">A short run name.</param>
/// <param name="Series">Every series, one per key, in key order.</param>
/// <param name="Metadata">Run facts found in the files.</param>
/// <param name="Skipped">Everything not turned into values, with reasons and counts.</param>
public sealed record RunSummary(
    string Format,
    string Path,
    string Name,
    IReadOnlyList<SeriesSummary> Series,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<SkippedRecords> Skipped)
{
    /// <summary>The summary of a run read whole.</summary>
    public static RunSummary Of(RunLog run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new RunSummary(run.Format, run.Path, run.Name, [.. run.Series.Select(SeriesSummary.Of)], run.Metadata, run.Skipped);
    }
}
