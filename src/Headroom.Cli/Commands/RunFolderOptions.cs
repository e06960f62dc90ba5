using System.CommandLine;
using Headroom.Core.Compute;
using Headroom.Study;

namespace Headroom.Cli.Commands;

/// <summary>
/// The options of `fit RUN_DIR`: which logged keys hold the score and the compute of an RL run (verl, TRL...),
/// and the model that turns logged tokens into FLOPs. They build the one-branch study the run is fitted as.
/// </summary>
internal sealed class RunFolderOptions
{
    public Option<string[]> Score { get; } = new("--score") { Description = "Run folder: the key(s) of the headline score (several are averaged; default: the paper's six benchmarks, weighted by problem count)." };

    public Option<string?> Model { get; } = new("--model") { HelpName = "preset|config.json", Description = "Run folder: the model whose FLOPs per token turn logged tokens into compute (a built-in preset such as qwen2.5-7b, or a config.json or its folder)." };

    public Option<string?> FlopsKey { get; } = new("--flops-key") { Description = "Run folder: a logged series of cumulative FLOPs (e.g. total_flos)." };

    public Option<string?> TokensKey { get; } = new("--tokens-key") { Description = "Run folder: a logged series of tokens trained per step (e.g. perf/total_num_tokens); needs --model." };

    public Option<double?> TokensPerStep { get; } = new("--tokens-per-step") { Description = "Run folder: tokens trained per step, constant; needs --model and --seq-len." };

    public Option<double?> SeqLen { get; } = new("--seq-len") { Description = "Run folder: mean tokens per sequence (default: the logged prompt + response lengths)." };

    public Option<double?> EfPerStep { get; } = new("--ef-per-step") { Description = "Run folder: compute per step in EF, constant (no model needed)." };

    public Option<double?> Passes { get; } = new("--passes") { Description = "Run folder: forward-pass equivalents per trained token (default 4: one generation pass and three for training)." };

    public IEnumerable<Option> All => [Score, Model, FlopsKey, TokensKey, TokensPerStep, SeqLen, EfPerStep, Passes];

    /// <summary>The ways of counting compute given together, of which only one may be.</summary>
    public IReadOnlyList<string> ComputeSources(System.CommandLine.Parsing.CommandResult result)
        => [.. new Option[] { FlopsKey, TokensKey, TokensPerStep, EfPerStep }.Where(o => result.GetResult(o) is not null).Select(o => o.Name)];

    /// <summary>True when any run-folder option was given (they mean nothing for a CSV or a manifest).</summary>
    public bool AnyGiven(System.CommandLine.Parsing.CommandResult result) => All.Any(o => result.GetResult(o) is not null);

    /// <summary>The one-branch study of the run at <paramref name="run"/>.</summary>
    public StudyManifest Manifest(ParseResult parse, string run, double? pSft, FitSpec fit)
    {
        var compute = new ComputeSpec
        {
            FlopsKey = parse.GetValue(FlopsKey),
            StepTokensKey = parse.GetValue(TokensKey),
            TokensPerStep = parse.GetValue(TokensPerStep),
            SequenceLength = parse.GetValue(SeqLen),
            PerStepExaFlops = parse.GetValue(EfPerStep),
            Passes = parse.GetValue(Passes),
        };
        return StudyManifest.OfRun(run, ModelOf(parse.GetValue(Model)), parse.GetValue(Score) ?? [], compute, pSft, fit);
    }

    private static ModelSpec ModelOf(string? model) => model switch
    {
        null => ModelSpec.None,
        _ when Directory.Exists(model) => new ModelSpec(null, Path.Combine(model, "config.json"), FlopsConvention.Retu, 0),
        _ when File.Exists(model) || model.EndsWith(".json", StringComparison.OrdinalIgnoreCase) => new ModelSpec(null, model, FlopsConvention.Retu, 0),
        _ => new ModelSpec(model, null, FlopsConvention.Retu, 0),
    };
}
