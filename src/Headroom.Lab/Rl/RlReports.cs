using System.Text.RegularExpressions;

namespace Headroom.Lab.Rl;

/// <summary>An <see cref="RlReport"/> read back from the run's verl JSONL, the record of what the run did.</summary>
internal static partial class RlReports
{
    public static RlReport Read(RlRun run, RlOutcome outcome)
    {
        var entries = new VerlFileLog(run.LogPath).Read();
        var evaluations = entries.Where(e => e.Data.ContainsKey("val/headline")).Select(e => new CheckpointSummary(
            e.Step, double.NaN, e.Data["val/headline"], e.Data.GetValueOrDefault("val/headline_se", double.NaN),
            e.Data.Select(p => (Match: ValCore().Match(p.Key), p.Value)).Where(x => x.Match.Success).ToDictionary(x => x.Match.Groups["benchmark"].Value, x => x.Value),
            e.Data.GetValueOrDefault("train/total_flos", 0))).ToList();
        var last = entries.LastOrDefault(e => e.Data.ContainsKey("critic/score/mean")).Data;
        return new RlReport(run.Stage, Path.GetFullPath(run.Folder), outcome.LogPath, run.From, run.Seed, run.Threads, run.Model, outcome.Steps, outcome.ResumedFromStep,
            evaluations, evaluations.Count > 0 ? entries[^1].Data.GetValueOrDefault("train/total_flos", 0) : 0, last?.GetValueOrDefault("critic/score/mean", double.NaN) ?? double.NaN,
            (long)entries.Sum(e => e.Data.GetValueOrDefault("train/num_gen_batches", 0)), outcome.Seconds);
    }

    [GeneratedRegex("^val-core/(?<benchmark>.+)/acc/mean@[0-9]+$")]
    private static partial Regex ValCore();
}
