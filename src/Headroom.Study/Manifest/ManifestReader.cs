using System.Globalization;
using Headroom.Core.Compute;
using Headroom.Core.Fitting;
using YamlDotNet.RepresentationModel;

namespace Headroom.Study;

/// <summary>Reads each section of a manifest into its spec record, resolving paths against the manifest's folder.</summary>
internal sealed class ManifestReader(ManifestNode root, string folder)
{
    private static readonly string[] _sftFields = ["name", "dataset", "size", "difficulty", "logs", "table", "val_loss", "compute", "min_val_loss", "best_a_post"];
    private static readonly string[] _branchFields = ["name", "from", "algorithm", "logs", "table", "scores", "compute", "p_sft"];
    private static readonly string[] _computeFields = ["per_step", "tokens_per_step", "tokens", "tokens_seen", "flops", "seq_len", "passes", "gen_rounds", "gen_ratio"];
    private static readonly string[] _settingsFields = ["fit_points", "train_start", "tau", "lts_alpha", "free_offset"];

    private string Manifest => root.Manifest;

    public ModelSpec Model(ManifestNode? node)
    {
        if (node is null)
        {
            return ModelSpec.None;
        }

        node.Allow("preset", "config", "convention");
        var convention = node.String("convention") is { } name
            ? StudyManifest.Conventions.TryGetValue(name, out var c) ? c : throw node.Error("convention", $"'{name}' is not a convention; use retu, 6n or verl")
            : FlopsConvention.Retu;
        var preset = node.String("preset");
        var config = node.String("config");
        if (preset is not null && config is not null)
        {
            throw node.Error("config", "give model.preset or model.config, not both");
        }

        return new ModelSpec(preset, config is null ? null : Resolve(config), convention, node.Line);
    }

    public ScoreSpec Score(ManifestNode? node)
    {
        if (node is null)
        {
            return ScoreSpec.Paper;
        }

        node.Allow("benchmarks", "key", "unit");
        var unit = node.String("unit") switch
        {
            null or "auto" => ScoreUnit.Auto,
            "percent" => ScoreUnit.Percent,
            "fraction" => ScoreUnit.Fraction,
            var other => throw node.Error("unit", $"'{other}' is not a unit; use percent, fraction or auto"),
        };
        var key = node.String("key");
        var benchmarks = node.Mapping("benchmarks") is { } list
            ? list.Entries().Select(e => (e.Name, Weight(list, e))).ToList()
            : key is null ? ScoreSpec.Paper.Benchmarks : [];
        return new ScoreSpec(benchmarks, key, unit);
    }

    public SftRunSpec SftRun(ManifestNode node)
    {
        node.Allow(_sftFields);
        var name = node.RequiredString("name", "every SFT run needs a name that branches refer to (from: name@step)");
        var table = node.Mapping("table") is { } t ? Table(t.Allow("path", "step", "compute", "score", "val_loss"), "step") : null;
        var logs = Paths(node, "logs");
        var minLoss = node.Positive("min_val_loss");
        var bestAPost = node.Number("best_a_post");
        if (table is null && logs.Count == 0 && minLoss is null)
        {
            throw StudyException.Missing(Manifest, node.Line, node.Path("logs"), "name the run's logs (logs: path), a CSV (table: {path: ...}), or report its min_val_loss");
        }

        return new SftRunSpec
        {
            Name = name,
            Dataset = node.String("dataset") ?? name,
            Size = node.Positive("size"),
            Difficulty = node.String("difficulty"),
            Logs = logs,
            Table = table,
            ValidationLossKey = node.String("val_loss"),
            Compute = Compute(node.Mapping("compute")),
            MinValidationLoss = minLoss,
            BestAPost = bestAPost,
            Line = node.Line,
        };
    }

    public BranchSpec Branch(ManifestNode node, Paradigm paradigm)
    {
        node.Allow(_branchFields);
        var table = node.Mapping("table") is { } t ? Table(t.Allow("path", "group", "compute", "score"), "group") : null;
        var logs = Paths(node, "logs");
        if (table is null && logs.Count == 0)
        {
            throw StudyException.Missing(Manifest, node.Line, node.Path("logs"), "name the run's logs (logs: path) or a CSV of branches (table: {path: ..., group: ..., compute: ..., score: ...})");
        }

        string? from = null;
        double? fromStep = null;
        if (paradigm == Paradigm.SftThenRl)
        {
            var text = node.RequiredString("from", "an RL branch starts from an SFT checkpoint: from: <sft-run>@<step> (a table's branches: from: <sft-run>)");
            var at = text.LastIndexOf('@');
            if (at < 0 && table is null)
            {
                throw node.Error("from", $"'{text}' names no step; write from: <sft-run>@<step>, e.g. {text}@1000");
            }

            from = at < 0 ? text : text[..at];
            if (at >= 0)
            {
                fromStep = double.TryParse(text[(at + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var step) && step >= 0
                    ? step
                    : throw node.Error("from", $"'{text[(at + 1)..]}' is not a checkpoint step");
            }
        }
        else if (node.Has("from"))
        {
            throw node.Error("from", "Pure-RL and synchronized runs start from the base model; move the run under rl: to branch from an SFT checkpoint");
        }

        var name = node.String("name") ?? (table is not null ? from ?? System.IO.Path.GetFileNameWithoutExtension(table.Path) : null)
            ?? throw StudyException.Missing(Manifest, node.Line, node.Path("name"), "every run needs a name");
        return new BranchSpec
        {
            Name = name,
            Paradigm = paradigm,
            Algorithm = node.String("algorithm") ?? (paradigm == Paradigm.Synchronized ? throw StudyException.Missing(Manifest, node.Line, node.Path("algorithm"), "name the synchronized method (luffy, srft, upt, prefix-rft)") : "rl"),
            From = from,
            FromStep = fromStep,
            Logs = logs,
            Table = table,
            ScoreKeys = node.Strings("scores").Select(s => s.Value).ToList(),
            Compute = Compute(node.Mapping("compute")),
            PSft = node.Number("p_sft"),
            Line = node.Line,
            Field = node.Field,
        };
    }

    public FitSpec Fit(ManifestNode? node)
    {
        if (node is null)
        {
            return FitSpec.Default;
        }

        node.Allow("mode", "settings", "branches", "method", "bootstrap", "level", "seed");
        var mode = node.String("mode") switch
        {
            null or "default" => FitMode.Default,
            "paper" => FitMode.Paper,
            "auto" => FitMode.Auto,
            var other => throw node.Error("mode", $"'{other}' is not a fit mode; use default, paper or auto"),
        };
        var method = node.String("method") switch
        {
            null or "auto" => CeilingMethodChoice.Auto,
            "sigmoid" => CeilingMethodChoice.Sigmoid,
            "peak" => CeilingMethodChoice.Peak,
            var other => throw node.Error("method", $"'{other}' is not a method; use auto, sigmoid or peak"),
        };
        var perBranch = new Dictionary<string, FitSettings>(StringComparer.Ordinal);
        if (node.String("settings") is { } file)
        {
            try
            {
                foreach (var (key, value) in FitSettingsFile.Read(Resolve(file)))
                {
                    perBranch[key] = value;
                }
            }
            catch (Headroom.Core.HeadroomException e) when (e is not StudyException)
            {
                throw StudyException.Unreadable(Manifest, node.LineOf("settings"), node.Path("settings"), e);
            }
        }

        if (node.Mapping("branches") is { } branches)
        {
            foreach (var (name, value, line) in branches.Entries())
            {
                perBranch[name] = Settings(ManifestNode.Of(Manifest, branches.Path(name), value).Allow(_settingsFields), mode);
            }
        }

        if (mode == FitMode.Paper && perBranch.Count == 0)
        {
            throw node.Error("mode", "paper mode needs explicit settings: fit.settings: file.json (the paper kit's layout) or fit.branches: {name: {fit_points: N, ...}}");
        }

        var level = node.Number("level") ?? BootstrapOptions.Default.Level;
        if (!(level > 0 && level < 1))
        {
            throw node.Error("level", $"{StudyException.Number(level)} must lie between 0 and 1");
        }

        return new FitSpec
        {
            Mode = mode,
            PerBranch = perBranch,
            Method = method,
            Bootstrap = BootstrapOptions.Default with
            {
                Resamples = node.Integer("bootstrap", 0) ?? BootstrapOptions.Default.Resamples,
                Level = level,
                Seed = node.Integer("seed", int.MinValue) ?? 0,
            },
        };
    }

    private static FitSettings Settings(ManifestNode node, FitMode mode)
    {
        var start = node.Integer("train_start", 0) ?? 0;
        var end = node.Integer("fit_points", 2);
        if (end is { } e && start >= e)
        {
            throw node.Error("train_start", $"train_start {start} must lie before fit_points {e}");
        }

        var alpha = node.Number("lts_alpha");
        if (alpha is { } a && !(a > 0 && a <= 1))
        {
            throw node.Error("lts_alpha", $"{StudyException.Number(a)} must lie in (0, 1]");
        }

        var defaults = mode == FitMode.Paper ? FitSettings.Default : SettingsChoice.DefaultSettings;
        return defaults with
        {
            TrainStart = start,
            TrainEnd = end,
            OutlierThreshold = node.Positive("tau") ?? defaults.OutlierThreshold,
            LtsAlpha = alpha,
            FreeOffset = node.Boolean("free_offset") ?? false,
            LtsSearch = mode == FitMode.Paper ? LtsSearch.Kit : LtsSearch.Thorough,
        };
    }

    private ComputeSpec Compute(ManifestNode? node)
    {
        if (node is null)
        {
            return ComputeSpec.FromLogs;
        }

        node.Allow(_computeFields);
        var spec = new ComputeSpec
        {
            PerStepExaFlops = node.Positive("per_step"),
            TokensPerStep = node.Positive("tokens_per_step"),
            StepTokensKey = node.String("tokens"),
            TokensSeenKey = node.String("tokens_seen"),
            FlopsKey = node.String("flops"),
            SequenceLength = node.Positive("seq_len"),
            Passes = node.Positive("passes"),
            GenerationRoundsKey = node.String("gen_rounds"),
            GenerationRatio = node.Positive("gen_ratio"),
            Line = node.Line,
        };
        var named = new object?[] { spec.PerStepExaFlops, spec.TokensPerStep, spec.StepTokensKey, spec.TokensSeenKey, spec.FlopsKey }.Count(v => v is not null);
        return named > 1
            ? throw StudyException.Field(Manifest, node.Line, node.Field, "give one of per_step, tokens_per_step, tokens, tokens_seen or flops")
            : spec;
    }

    private TableSpec Table(ManifestNode node, string groupField)
        => new(
            Resolve(node.RequiredString("path", "a table needs the CSV's path")),
            node.RequiredString(groupField, groupField == "step" ? "name the column holding the checkpoint step" : "name the column naming each branch (the SFT step it started from)"),
            node.RequiredString("compute", "name the column holding compute in EF"),
            node.String("score"),
            node.String("val_loss"));

    private IReadOnlyList<string> Paths(ManifestNode node, string field)
        => node.Strings(field).Select(p => Resolve(p.Value)).ToList();

    private string Resolve(string path) => System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, path));

    private static double Weight(ManifestNode list, (string Name, YamlNode Value, long Line) entry)
        => entry.Value is YamlScalarNode { Value: { } text } && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var w) && w > 0
            ? w
            : throw StudyException.Field(list.Manifest, entry.Line, list.Path(entry.Name), "a benchmark's weight must be a positive number (e.g. its problem count)");
}
