namespace Headroom.Study;

/// <summary>A study of one RL run named on the command line instead of in a manifest file.</summary>
public sealed partial record StudyManifest
{
    /// <summary>
    /// A one-branch study of the RL run at <paramref name="run"/> (a run folder or a log file, e.g. verl's JSONL):
    /// what `headroom fit RUN_DIR` analyses. Errors name the run and the option-like field.
    /// </summary>
    /// <param name="run">The run folder or log file.</param>
    /// <param name="model">The model whose FLOPs per token turn logged tokens into compute (or <see cref="ModelSpec.None"/>).</param>
    /// <param name="scoreKeys">The logged keys whose mean is the headline score; none: the paper's six benchmarks.</param>
    /// <param name="compute">How compute is counted.</param>
    /// <param name="pSft">P_sft, when the run has no evaluation at step 0.</param>
    /// <param name="fit">How the branch is fitted.</param>
    public static StudyManifest OfRun(string run, ModelSpec model, IReadOnlyList<string> scoreKeys, ComputeSpec compute, double? pSft, FitSpec fit)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(scoreKeys);
        if (!File.Exists(run) && !Directory.Exists(run))
        {
            throw StudyException.Run(run, 0, "run", "no such file or folder");
        }

        var name = System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(run)));
        var branch = new BranchSpec
        {
            Name = name,
            Paradigm = Paradigm.SftThenRl,
            Algorithm = "rl",
            Logs = [run],
            ScoreKeys = scoreKeys,
            Compute = compute,
            PSft = pSft,
            Field = "run",
        };
        return new StudyManifest { Path = run, Name = name, Model = model, Score = ScoreSpec.Paper, SftRuns = [], Branches = [branch], Fit = fit, FieldNames = _optionNames };
    }

    /// <summary>The manifest fields that errors about a run name, as `headroom fit RUN_DIR` spells them.</summary>
    private static readonly (string Field, string Option)[] _optionNames =
    [
        ("model: preset or config", "--model preset|config.json"),
        ("model:", "--model"),
        ("compute.per_step: EF", "--ef-per-step EF"),
        ("compute.tokens_per_step", "--tokens-per-step"),
        ("compute.seq_len", "--seq-len"),
        ("p_sft: SCORE", "--p-sft SCORE"),
    ];

    /// <summary>How errors spell the manifest's fields (a study made on the command line names its options instead).</summary>
    internal IReadOnlyList<(string Field, string Option)> FieldNames { get; init; } = [];
}
