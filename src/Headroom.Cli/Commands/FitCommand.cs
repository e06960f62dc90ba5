using System.CommandLine;
using Headroom.Cli.Fit;
using Headroom.Cli.Output;
using Headroom.Core;
using Headroom.Core.Fitting;
using Headroom.Study;

namespace Headroom.Cli.Commands;

/// <summary>`headroom fit`: the ceiling A_post = P_sft + PL_rl of each RL branch from its compute-score curve (framework.md §2–3).</summary>
internal static class FitCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A CSV with one row per RL evaluation: compute since the branch point, score and (for several branches) a group; a study manifest (study.yaml), whose branches are read from their run folders; or one RL run's folder or log (verl JSONL, TRL...), read with the run-folder options." };
        var runOptions = new RunFolderOptions();
        var x = new Option<string>("--x") { Description = "CSV: the column of RL compute since the branch point (e.g. EF)." };
        var y = new Option<string>("--y") { Description = "CSV: the column of the headline score." };
        var group = new Option<string?>("--group") { Description = "The column naming each branch (e.g. the SFT step it started from)." };
        var pSft = new Option<double?>("--p-sft") { Description = "P_sft for a single curve (the score at the branch point)." };
        var pSftFrom = new Option<string?>("--p-sft-from") { Description = "A CSV of SFT checkpoint scores: the P_sft of branch g is the --y value of its row whose --group column equals g." };
        var valLoss = new Option<string?>("--val-loss") { Description = "A column of --p-sft-from with the SFT validation loss: labels regimes, so Severe branches leave the averages." };
        var settings = new Option<string?>("--settings") { Description = "Per-branch fit settings (JSON, the paper kit's layout) for --mode paper." };
        var mode = new Option<FitMode>("--mode") { HelpName = "default|paper|auto", Description = "default (all points, tau 3, least squares), paper (explicit settings, the kit's procedure) or auto (search settings per branch by validation score).", DefaultValueFactory = _ => FitMode.Default };
        var method = new Option<CeilingMethodChoice>("--method") { HelpName = "auto|sigmoid|peak", Description = "auto (sigmoid, peak fallback for collapse or failure), sigmoid, or peak.", DefaultValueFactory = _ => CeilingMethodChoice.Auto };
        var fitPoints = new Option<int?>("--fit-points") { Description = "Paper mode for every branch: train on the first N points (branch point included); later points validate." };
        var trainStart = new Option<int?>("--train-start") { Description = "Paper mode for every branch: the first training index (1 drops the branch point, as with a free offset)." };
        var tau = new Option<double?>("--tau") { Description = "Outlier threshold of the modified Z-score (with --fit-points; default 2.5)." };
        var alpha = new Option<double?>("--lts-alpha") { Description = "Least Trimmed Squares coverage (with --fit-points; default none)." };
        var freeOffset = new Option<bool>("--free-offset") { Description = "Fit the alignment offset eps (with --fit-points)." };
        var scoreMax = new Option<double?>("--score-max") { Description = "The highest score possible (100 for accuracies in points): a fitted ceiling above it, its whole interval too, is flagged not identified. A manifest or run folder sets 100 itself when every score is at most 100." };
        var pureRl = new Option<string?>("--pure-rl") { Description = "The group of the Pure-RL branch (default: the group numbered 0)." };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples for the intervals (0 = none).", DefaultValueFactory = _ => BootstrapOptions.Default.Resamples };
        var level = new Option<double>("--level") { Description = "Confidence level of the intervals.", DefaultValueFactory = _ => BootstrapOptions.Default.Level };
        var seed = CommonOptions.Seed();
        var threads = CommonOptions.Threads();
        var noProgress = CommonOptions.NoProgress();
        var format = CommonOptions.Format();

        var command = new Command("fit", "Fit the RL scaling law to each branch and report its ceiling A_post = P_sft + PL_rl with intervals and warnings.");
        command.Arguments.Add(file);
        foreach (var option in (Option[])[x, y, group, pSft, pSftFrom, valLoss, .. runOptions.All, settings, mode, method, fitPoints, trainStart, tau, alpha, freeOffset, scoreMax, pureRl, bootstrap, level, seed, threads, noProgress, format])
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            var path = result.GetValue(file) ?? string.Empty;
            if (IsRun(path))
            {
                if (new Option[] { x, y, group, pSftFrom, valLoss, scoreMax }.FirstOrDefault(o => result.GetResult(o) is not null) is { } csvOnly)
                {
                    result.AddError($"{csvOnly.Name} is for a CSV; a run folder takes --score and the compute options (--model, --tokens-key, --flops-key, --tokens-per-step, --ef-per-step).");
                }

                if (runOptions.ComputeSources(result) is { Count: > 1 } sources)
                {
                    result.AddError($"Give one way of counting compute, not {string.Join(" and ", sources)}.");
                }
            }
            else if (runOptions.AnyGiven(result))
            {
                result.AddError($"{runOptions.All.First(o => result.GetResult(o) is not null).Name} is for a run folder or log, not a CSV or a manifest.");
            }
            else if (!StudyManifest.IsManifestPath(path) && (result.GetResult(x) is null || result.GetResult(y) is null))
            {
                result.AddError("A CSV needs --x (the compute column) and --y (the score column).");
            }
        });

        command.SetAction(parse =>
        {
            var resamples = parse.GetValue(bootstrap);
            if (resamples < 0)
            {
                throw InvalidSettingException.OutOfRange("--bootstrap", resamples, "0 or more");
            }

            var confidence = parse.GetValue(level);
            if (!(confidence > 0 && confidence < 1))
            {
                throw InvalidSettingException.OutOfRange("--level", confidence, "between 0 and 1");
            }

            var studyOptions = new StudyOptions { Resamples = resamples, Seed = parse.GetValue(seed), Threads = parse.GetValue(threads) };
            if (StudyManifest.IsManifestPath(parse.GetValue(file)!))
            {
                return FitStudy(parse, StudyManifest.Load(parse.GetValue(file)!), studyOptions, parse.GetValue(format), parse.GetValue(noProgress));
            }

            if (IsRun(parse.GetValue(file)!))
            {
                var fit = new FitSpec
                {
                    Mode = parse.GetValue(mode) == FitMode.Paper ? throw InvalidSettingException.Inconsistent("--mode paper needs per-branch settings; a run folder takes --mode default or auto.") : parse.GetValue(mode),
                    Method = parse.GetValue(method),
                    Bootstrap = BootstrapOptions.Default with { Level = confidence },
                };
                return FitStudy(parse, runOptions.Manifest(parse, parse.GetValue(file)!, parse.GetValue(pSft), fit), studyOptions, parse.GetValue(format), parse.GetValue(noProgress));
            }

            var groupColumn = parse.GetValue(group);
            var source = ReadPSftSource(parse.GetValue(pSft), parse.GetValue(pSftFrom), groupColumn, parse.GetValue(y)!, parse.GetValue(valLoss));
            var path = parse.GetValue(file)!;
            var branches = BranchTableReader.Read(path, parse.GetValue(x)!, parse.GetValue(y)!, groupColumn, source);
            var fitMode = parse.GetValue(mode);
            var bootstrapOptions = new BootstrapOptions { Resamples = resamples, Seed = parse.GetValue(seed), Level = confidence, Threads = parse.GetValue(threads) };
            var request = new FitRequest
            {
                Path = path,
                Branches = branches,
                PSft = source,
                Mode = fitMode,
                PerBranch = parse.GetValue(settings) is { } settingsPath ? FitSettingsFile.Read(settingsPath) : null,
                ForAll = FlagSettings(fitMode, parse.GetValue(fitPoints), parse.GetValue(trainStart), parse.GetValue(tau), parse.GetValue(alpha), parse.GetValue(freeOffset)),
                Ceiling = new CeilingOptions
                {
                    Method = parse.GetValue(method),
                    Bootstrap = bootstrapOptions,
                    ScoreMaximum = parse.GetValue(scoreMax) is { } maximum
                        ? double.IsFinite(maximum) ? maximum : throw InvalidSettingException.OutOfRange("--score-max", maximum, "a finite number")
                        : double.PositiveInfinity,
                },
                PureRlGroup = parse.GetValue(pureRl),
                Threads = parse.GetValue(threads),
            };
            var error = parse.InvocationConfiguration.Error;
            var outcome = FitPipeline.Run(request, parse.GetValue(noProgress) ? TextWriter.Null : error);
            var output = parse.InvocationConfiguration.Output;
            switch (parse.GetValue(format))
            {
                case OutputFormat.Json:
                    JsonOutput.Write(output, FitReport.From(outcome, path, fitMode, parse.GetValue(x)!, parse.GetValue(y)!, groupColumn, resamples > 0 ? bootstrapOptions : null));
                    break;
                case OutputFormat.Csv:
                    FitTables.WriteCsv(output, outcome);
                    break;
                default:
                    FitTables.WriteTable(output, outcome, resamples > 0 ? confidence : double.NaN);
                    break;
            }

            return ReportUnfittable(outcome, error);
        });
        return command;
    }

    /// <summary>One RL run's folder or log: a folder, or a file that is neither a CSV nor a manifest.</summary>
    private static bool IsRun(string path)
        => Directory.Exists(path) || (File.Exists(path) && !StudyManifest.IsManifestPath(path) && !path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase));

    /// <summary>The manifest and run-folder forms: the study's branches, fitted with its settings, in `fit`'s output.</summary>
    private static int FitStudy(ParseResult parse, StudyManifest manifest, StudyOptions options, OutputFormat format, bool noProgress)
    {
        var error = parse.InvocationConfiguration.Error;
        var study = StudyLoader.Load(manifest, options, noProgress ? TextWriter.Null : error);
        var outcome = study.ToFitOutcome();
        var output = parse.InvocationConfiguration.Output;
        var bootstrap = study.Manifest.Fit.Bootstrap with { Resamples = options.Resamples ?? study.Manifest.Fit.Bootstrap.Resamples };
        switch (format)
        {
            case OutputFormat.Json:
                JsonOutput.Write(output, FitReport.From(outcome, manifest.Path, study.Manifest.Fit.Mode, "rl_ef", "score", "branch", bootstrap.Resamples > 0 ? bootstrap : null));
                break;
            case OutputFormat.Csv:
                FitTables.WriteCsv(output, outcome);
                break;
            default:
                FitTables.WriteTable(output, outcome, bootstrap.Resamples > 0 ? bootstrap.Level : double.NaN);
                break;
        }

        return ReportUnfittable(outcome, error);
    }

    private static PSftSource ReadPSftSource(double? value, string? fromFile, string? group, string y, string? valLoss)
    {
        if (value is { } single)
        {
            return PSftSource.Of(single);
        }

        if (fromFile is null)
        {
            return PSftSource.FromData;
        }

        return group is null
            ? throw InvalidSettingException.Inconsistent("--p-sft-from needs --group to match its rows to the branches.")
            : PSftSource.FromFile(fromFile, group, y, valLoss);
    }

    private static FitSettings? FlagSettings(FitMode mode, int? fitPoints, int? trainStart, double? tau, double? alpha, bool freeOffset)
    {
        if (fitPoints is null && trainStart is null && tau is null && alpha is null && !freeOffset)
        {
            return null;
        }

        if (trainStart is < 0 || (trainStart is { } start && fitPoints is { } end && start >= end))
        {
            throw InvalidSettingException.OutOfRange("--train-start", trainStart.Value, "0 or more and below --fit-points");
        }

        if (fitPoints is < 2)
        {
            throw InvalidSettingException.OutOfRange("--fit-points", fitPoints.Value, "at least 2");
        }

        if (alpha is { } a && !(a > 0 && a <= 1))
        {
            throw InvalidSettingException.OutOfRange("--lts-alpha", a, "in (0, 1]");
        }

        var defaults = mode == FitMode.Paper ? FitSettings.Default : FitPipeline.DefaultSettings;
        return defaults with
        {
            TrainStart = trainStart ?? 0,
            TrainEnd = fitPoints,
            OutlierThreshold = tau ?? defaults.OutlierThreshold,
            LtsAlpha = alpha,
            FreeOffset = freeOffset,
            LtsSearch = mode == FitMode.Paper ? LtsSearch.Kit : LtsSearch.Thorough,
        };
    }

    /// <summary>A branch the data could not fit (too few points, constant scores) is bad input: say so and exit 1.</summary>
    private static int ReportUnfittable(FitOutcome outcome, TextWriter error)
    {
        var unfittable = outcome.Branches
            .Where(b => b.Ceiling.Fit?.Status is FitStatus.NotIdentified or FitStatus.InvalidValues)
            .Select(b => b.Ceiling.Group)
            .ToList();
        if (unfittable.Count == 0)
        {
            return HeadroomCli.Success;
        }

        error.WriteLine($"headroom: branch(es) {string.Join(", ", unfittable.Select(g => $"'{g}'"))} could not be fitted (see the peak_fallback warning); their ceiling is the peak observed score.");
        return HeadroomCli.BadInput;
    }
}
