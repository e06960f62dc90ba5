namespace Headroom.Ingest;

/// <summary>One series merged from several logs of one run (<see cref="SameRun.Merge"/>).</summary>
/// <param name="Series">The merged series: one value per step.</param>
/// <param name="Sources">The logs merged, as "format path".</param>
/// <param name="Agreed">Steps held by several logs whose values agree.</param>
/// <param name="Differed">Steps held by several logs whose values differ.</param>
/// <param name="Preferred">The log used where values differ (the one reaching the latest step).</param>
/// <param name="Description">One sentence saying what was merged, from where, and what was chosen.</param>
public sealed record MergedSeries(
    MetricSeries Series,
    IReadOnlyList<string> Sources,
    int Agreed,
    int Differed,
    string Preferred,
    string Description);
