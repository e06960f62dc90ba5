using System.Globalization;
using System.Text;
using Headroom.Lab.Rl;

namespace Headroom.Lab.Studies;

/// <summary>
/// study.yaml, the manifest `headroom analyze` reads: the model (the world's base/config.json), the score (the
/// six lab benchmarks weighted by their problem counts, as the lab's own headline), the SFT runs, the
/// SFT-then-RL branches (from: NAME@STEP, with the regime as a comment), Pure-RL and the synchronized runs,
/// and the fit settings. Paths are relative to the study folder; the text depends only on the plan, so a
/// resumed study writes the same bytes.
/// </summary>
internal static class StudyManifestWriter
{
    public const string FileName = "study.yaml";

    /// <summary>Writes Folder/study.yaml (atomically) and returns its path.</summary>
    public static string Write(StudyPreset preset, StudySettings settings, DataReport world, IReadOnlyList<StudyRun> runs)
    {
        var path = System.IO.Path.Combine(settings.Folder, FileName);
        File.WriteAllText(path + ".tmp", Render(preset, settings, [.. world.Benchmarks.Select(b => (b.Name, b.Problems))], world.Sets, runs));
        File.Move(path + ".tmp", path, overwrite: true);
        return path;
    }

    /// <summary>The manifest's text.</summary>
    public static string Render(StudyPreset preset, StudySettings settings, IReadOnlyList<(string Name, int Problems)> benchmarks, IReadOnlyList<DatasetSummary> sets, IReadOnlyList<StudyRun> runs)
    {
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine(invariant, $"# The paper's design at lab scale: study preset {preset.Name}, lab preset {preset.LabPreset}, seed {settings.Seed}, {settings.Threads} thread(s) per run.");
        text.AppendLine("# Written by `headroom lab study`; every run's command is in logs/ and in its folder's study-run.json. Analyse it with:");
        text.AppendLine("#   headroom analyze study.yaml --out report");
        text.AppendLine(invariant, $"study: {Quote($"Headroom lab study ({preset.Name} preset, seed {settings.Seed})")}");
        text.AppendLine("model:");
        text.AppendLine(invariant, $"  config: {Path(settings, System.IO.Path.Combine(settings.WorldFolder, "base", "config.json"))}");
        text.AppendLine("  convention: retu");
        text.AppendLine("score:");
        text.AppendLine(invariant, $"  benchmarks: {{{string.Join(", ", benchmarks.Select(b => $"{b.Name}: {b.Problems}"))}}}");
        text.AppendLine("  unit: fraction");
        text.AppendLine("sft:");
        foreach (var run in runs.Where(r => r.Kind == StudyRunKind.Sft))
        {
            var set = sets.Single(s => s.Name == run.Dataset);
            text.AppendLine(invariant, $"  - name: {run.Dataset}");
            text.AppendLine(invariant, $"    dataset: {run.Dataset}");
            text.AppendLine(invariant, $"    size: {set.Examples}");
            if (run.Dataset is "easy" or "uniform" or "hard")
            {
                text.AppendLine(invariant, $"    difficulty: {run.Dataset}");
            }

            text.AppendLine(invariant, $"    logs: {Path(settings, System.IO.Path.Combine(run.Folder, "trainer_state.json"))}");
        }

        Section(text, "rl", settings, runs.Where(r => r.Kind == StudyRunKind.Branch));
        Section(text, "pure_rl", settings, runs.Where(r => r.Kind == StudyRunKind.PureRl));
        Section(text, "synchronized", settings, runs.Where(r => r.Kind == StudyRunKind.Synchronized));
        text.AppendLine("fit:");
        text.AppendLine("  mode: default");
        text.AppendLine("  bootstrap: 1000");
        text.AppendLine(invariant, $"  seed: {settings.Seed}");
        return text.ToString();
    }

    private static void Section(StringBuilder text, string name, StudySettings settings, IEnumerable<StudyRun> runs)
    {
        var list = runs.ToList();
        if (list.Count == 0)
        {
            return;
        }

        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine(invariant, $"{name}:");
        foreach (var run in list)
        {
            var runName = System.IO.Path.GetFileName(run.Folder);
            if (run.Kind == StudyRunKind.Branch)
            {
                text.AppendLine(invariant, $"  - name: {run.Dataset}@{run.FromStep}   # {run.Regime}");
                text.AppendLine(invariant, $"    from: {run.Dataset}@{run.FromStep}");
            }
            else
            {
                text.AppendLine(invariant, $"  - name: {runName}");
            }

            text.AppendLine(invariant, $"    algorithm: {RlRun.AlgorithmName(run.Algorithm!.Value)}");
            text.AppendLine(invariant, $"    logs: {Path(settings, System.IO.Path.Combine(run.Folder, runName + ".jsonl"))}");
        }
    }

    /// <summary>A path relative to the study folder when it lies inside it, else absolute; quoted.</summary>
    private static string Path(StudySettings settings, string path)
    {
        var relative = System.IO.Path.GetRelativePath(settings.Folder, path);
        var inside = !relative.StartsWith("..", StringComparison.Ordinal) && !System.IO.Path.IsPathRooted(relative);
        return Quote((inside ? relative : path).Replace('\\', '/'));
    }

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
