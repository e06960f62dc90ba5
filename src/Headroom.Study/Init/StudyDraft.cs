using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Headroom.Core;
using Headroom.Ingest;

namespace Headroom.Study;

/// <summary>
/// Writes a starting manifest from the logs found under some paths (`headroom init`): every SFT run (a run that logs
/// an SFT loss) and RL run (one that logs validation scores or rewards), their keys, the model's `config.json`, and
/// each RL run's branch point where its config names the model it started from (verl's
/// `actor_rollout_ref.model.path`, TRL's `model_name_or_path`) and that path names an SFT run's `checkpoint-N`.
/// Base-model runs whose name or config names a synchronized method (LUFFY, SRFT, UPT, Prefix-RFT) go under
/// `synchronized:`; runs are listed in natural order (step600 before step1200); each run's compute is inferred where
/// its logs and config allow (<see cref="ComputeDraft"/>). What it cannot infer it leaves as a commented `# TODO`
/// line, which `headroom analyze` refuses until resolved.
/// </summary>
public static partial class StudyDraft
{
    private static readonly string[] _modelPathKeys = ["actor_rollout_ref.model.path", "model.path", "model_name_or_path", "model_args.model_name_or_path", "sft_model_path", "pretrain"];

    /// <summary>The manifest text and one line per finding, for a manifest to be written at <paramref name="manifestPath"/>.</summary>
    public static (string Yaml, IReadOnlyList<string> Findings) FromLogs(IReadOnlyList<string> paths, string manifestPath)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(manifestPath);
        var folder = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        var logs = LogIngest.Read(paths);
        var findings = new List<string>();
        var sft = logs.Runs.Where(IsSft).OrderBy(Name, NaturalOrder.Instance).ToList();
        var rl = logs.Runs.Where(r => !IsSft(r) && IsRl(r)).OrderBy(Name, NaturalOrder.Instance).ToList();
        foreach (var skipped in logs.Runs.Where(r => !sft.Contains(r) && !rl.Contains(r)))
        {
            findings.Add($"{skipped.Path}: neither an SFT loss nor RL scores; left out.");
        }

        var yaml = new StringBuilder();
        yaml.Append("# Written by `headroom init` from ").Append(string.Join(", ", paths)).Append(". Check every entry; lines marked TODO must be\n# filled in (or deleted) before `headroom analyze` accepts the manifest.\n");
        yaml.Append("study: ").Append(Path.GetFileName(folder)).Append('\n');
        Model(yaml, paths, logs.Runs, folder, findings);
        Score(yaml, rl);
        var names = SftNames(sft);
        yaml.Append(sft.Count > 0 ? "sft:\n" : "# TODO sft: no SFT run found (a run logging eval_loss / val/loss); add one: - {name: ..., logs: ...}\n");
        foreach (var run in sft)
        {
            var loss = run.WithCanonical(CanonicalSeries.SftValLoss).FirstOrDefault();
            yaml.Append("  - name: ").Append(names[run]).Append("\n    logs: ").Append(Relative(folder, run.Path)).Append('\n');
            yaml.Append(loss is null ? "    # no validation loss logged: regimes need one (val_loss: KEY)\n" : $"    val_loss: {loss.Key}\n");
            var (computeLine, computeFinding) = ComputeDraft.Sft(run, RunConfig.Of(run.Path, run.Metadata));
            yaml.Append(computeLine);
            findings.Add($"SFT run {names[run]}: {run.Path} ({run.Format}{(loss is null ? ", no validation loss" : $", validation loss '{loss.Key}'")}; {computeFinding}).");
        }

        var pure = new List<(RunLog Run, string Algorithm, string? Compute)>();
        var synchronized = new List<(RunLog Run, string Algorithm, string? Compute)>();
        var branches = new StringBuilder();
        foreach (var run in rl)
        {
            var config = RunConfig.Of(run.Path, run.Metadata);
            var algorithm = Algorithm(config);
            var modelPath = _modelPathKeys.Select(k => config.GetValueOrDefault(k)).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
            var link = modelPath is null ? null : Link(modelPath, sft, names);
            var compute = ComputeDraft.Rl(run, config);
            if (compute is { } c)
            {
                findings.Add($"RL run {Name(run)}: {c.Finding}.");
            }

            if (link is null && modelPath is not null && !Checkpoint().IsMatch(modelPath.Replace('\\', '/')) && sft.All(s => !SamePath(modelPath, s.Path)))
            {
                if (SynchronizedMethod(Name(run), config) is { } method)
                {
                    synchronized.Add((run, method, compute?.Line));
                    findings.Add($"RL run {Name(run)}: from the base model {modelPath}, mixing in expert data as {method.ToUpperInvariant()} does (its name or config says so), so synchronized.");
                    continue;
                }

                pure.Add((run, algorithm, compute?.Line));
                findings.Add($"RL run {Name(run)}: from the base model {modelPath}, so Pure-RL (move it under synchronized: if it mixes in expert data, as LUFFY, SRFT or UPT do).");
                continue;
            }

            branches.Append("  - name: ").Append(Name(run)).Append('\n');
            if (link is { } l)
            {
                branches.Append(CultureInfo.InvariantCulture, $"    from: {l.Run}@{l.Step}\n");
                findings.Add($"RL run {Name(run)}: starts from {l.Run}@{l.Step} (its config names {modelPath}).");
            }
            else
            {
                branches.Append("    # TODO from: <sft-run>@<step>   (").Append(modelPath is null ? "no model path in the run's config" : $"its model path {modelPath} names no SFT checkpoint found").Append(")\n");
                findings.Add($"RL run {Name(run)}: TODO its branch point ({(modelPath is null ? "no model path in its config" : $"model path {modelPath} is not an SFT checkpoint found")}).");
            }

            branches.Append("    algorithm: ").Append(algorithm).Append("\n    logs: ").Append(Relative(folder, run.Path)).Append('\n').Append(compute?.Line);
        }

        if (branches.Length > 0)
        {
            yaml.Append("rl:\n").Append(branches);
        }

        BaseRuns(yaml, "pure_rl", pure, folder);
        BaseRuns(yaml, "synchronized", synchronized, folder);

        yaml.Append("fit:\n  mode: default\n  bootstrap: 1000\n  seed: 0\n");
        return (yaml.ToString(), findings);
    }

    private static void BaseRuns(StringBuilder yaml, string section, List<(RunLog Run, string Algorithm, string? Compute)> runs, string folder)
    {
        if (runs.Count == 0)
        {
            return;
        }

        yaml.Append(section).Append(":\n");
        foreach (var (run, algorithm, compute) in runs)
        {
            yaml.Append("  - name: ").Append(Name(run)).Append("\n    algorithm: ").Append(algorithm).Append("\n    logs: ").Append(Relative(folder, run.Path)).Append('\n').Append(compute);
        }
    }

    /// <summary>The synchronized SFT+RL method a base-model run's name or config names (LUFFY, SRFT, UPT, Prefix-RFT), or null.</summary>
    private static string? SynchronizedMethod(string name, Dictionary<string, string> config)
    {
        var texts = new[] { name, config.GetValueOrDefault("trainer.experiment_name"), config.GetValueOrDefault("trainer.project_name"), config.GetValueOrDefault("algorithm.adv_estimator"), config.GetValueOrDefault("trainer_type"), config.GetValueOrDefault("run_name") };
        var match = texts.Where(t => t is not null).Select(t => Synchronized().Match(t!)).FirstOrDefault(m => m.Success);
        return match is null ? null : match.Groups["method"].Value.ToLowerInvariant().Replace("_", "-", StringComparison.Ordinal).Replace("prefixrft", "prefix-rft", StringComparison.Ordinal);
    }

    private static void Model(StringBuilder yaml, IReadOnlyList<string> paths, IReadOnlyList<RunLog> runs, string folder, List<string> findings)
    {
        var candidates = paths.Where(Directory.Exists).SelectMany(p => Directory.EnumerateFiles(p, "config.json", SearchOption.AllDirectories))
            .Concat(runs.Select(r => Path.Combine(Directory.Exists(r.Path) ? r.Path : Path.GetDirectoryName(r.Path)!, "config.json")).Where(File.Exists))
            .Distinct()
            .OrderBy(p => p.Count(c => c == Path.DirectorySeparatorChar))
            .ThenBy(p => p, StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            try
            {
                var model = HfModelConfigReader.Read(candidate);
                yaml.Append("model:\n  config: ").Append(Relative(folder, candidate)).Append("   # ").Append(model.Name).Append("\n  convention: retu\n");
                findings.Add($"model: {candidate} ({model.Name}).");
                return;
            }
            catch (HeadroomException)
            {
                // Not a decoder's config.json (e.g. a tokenizer's); try the next.
            }
        }

        yaml.Append("# TODO model: {preset: qwen2.5-7b}   (or {config: path/to/config.json}: no config.json found; FLOPs need the model)\n");
        findings.Add("model: TODO (no config.json found).");
    }

    private static void Score(StringBuilder yaml, IReadOnlyList<RunLog> rl)
    {
        var benchmarks = rl.SelectMany(r => r.Series.Where(s => s.Canonical is CanonicalSeries.RlValScore or CanonicalSeries.BenchmarkScore && s.Benchmark is not null))
            .ToList();
        var names = benchmarks.Select(s => s.Benchmark!).Distinct(StringComparer.Ordinal).ToList();
        var paper = ScoreSpec.Paper.Benchmarks.Select(b => b.Name).ToList();
        var fraction = benchmarks.Count > 0 && benchmarks.All(s => s.Points.All(p => !double.IsFinite(p.Value) || p.Value <= 1));
        yaml.Append("score:\n");
        if (names.Count > 0 && !paper.All(p => names.Any(n => HeadlineScore.Matches(n, p))))
        {
            yaml.Append("  benchmarks:   # weights: each benchmark's problem count gives the paper's micro-average\n");
            foreach (var name in names)
            {
                yaml.Append("    ").Append(name.Contains(':', StringComparison.Ordinal) ? $"\"{name}\"" : name).Append(": 1\n");
            }
        }
        else
        {
            yaml.Append("  benchmarks: {gsm8k: 1317, olympiad_bench: 291, minerva: 262, math: 237, aime: 25, aime25: 25}\n");
        }

        yaml.Append("  unit: ").Append(fraction ? "fraction" : "percent").Append('\n');
    }

    private static (string Run, long Step)? Link(string modelPath, IReadOnlyList<RunLog> sft, Dictionary<RunLog, string> names)
    {
        var match = Checkpoint().Match(modelPath.Replace('\\', '/'));
        if (!match.Success)
        {
            return null;
        }

        var step = long.Parse(match.Groups["step"].Value, CultureInfo.InvariantCulture);
        var parent = match.Groups["run"].Value;
        var run = sft.FirstOrDefault(r => Path.GetFileName(Path.TrimEndingDirectorySeparator(r.Path)) == parent || names[r] == parent || r.Name == parent);
        return run is null ? null : (names[run], step);
    }

    private static Dictionary<RunLog, string> SftNames(IReadOnlyList<RunLog> sft)
        => sft.ToDictionary(r => r, Name);

    private static string Name(RunLog run) => new([.. run.Name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-')]);

    private static string Algorithm(Dictionary<string, string> config)
    {
        var estimator = config.GetValueOrDefault("algorithm.adv_estimator") ?? config.GetValueOrDefault("trainer_type") ?? config.GetValueOrDefault("loss_type");
        return string.IsNullOrWhiteSpace(estimator) ? "rl" : estimator.ToLowerInvariant();
    }

    private static bool IsSft(RunLog run)
        => run.Series.Any(s => s.Canonical is CanonicalSeries.SftValLoss or CanonicalSeries.SftTrainLoss) && !IsRl(run);

    private static bool IsRl(RunLog run)
        => run.Series.Any(s => s.Canonical is CanonicalSeries.RlValScore or CanonicalSeries.RlTrainReward);

    private static bool SamePath(string a, string b) => Path.TrimEndingDirectorySeparator(a) == Path.TrimEndingDirectorySeparator(b);

    private static string Relative(string folder, string path) => Path.GetRelativePath(folder, path).Replace('\\', '/');

    [GeneratedRegex(@"(?<![a-z])(?<method>luffy|srft|upt|prefix[-_]?rft)(?![a-z])", RegexOptions.IgnoreCase)]
    private static partial Regex Synchronized();

    [GeneratedRegex(@"(?:^|/)(?<run>[^/]+)/checkpoint-(?<step>[0-9]+)/?$")]
    private static partial Regex Checkpoint();
}
