namespace Headroom.Study;

/// <summary>
/// How a run's cumulative compute (EF) at each step is counted. One of: a constant per step
/// (<see cref="PerStepExaFlops"/>); trained tokens per step, constant (<see cref="TokensPerStep"/>) or logged
/// (<see cref="StepTokensKey"/>, e.g. verl's `perf/total_num_tokens`), times the model's FLOPs per token;
/// cumulative tokens logged (<see cref="TokensSeenKey"/>, e.g. HF's `num_input_tokens_seen`); or cumulative
/// FLOPs logged (<see cref="FlopsKey"/>, e.g. HF's `total_flos`, the 6N convention).
/// </summary>
public sealed record ComputeSpec
{
    /// <summary>Nothing named: the loader uses what the run logs (FLOPs, then tokens) and says which.</summary>
    public static ComputeSpec FromLogs { get; } = new();

    /// <summary>EF per optimiser step.</summary>
    public double? PerStepExaFlops { get; init; }

    /// <summary>Tokens trained per step (prompt + response of every sequence).</summary>
    public double? TokensPerStep { get; init; }

    /// <summary>A logged series of tokens trained at each step.</summary>
    public string? StepTokensKey { get; init; }

    /// <summary>A logged series of cumulative tokens trained.</summary>
    public string? TokensSeenKey { get; init; }

    /// <summary>A logged series of cumulative FLOPs.</summary>
    public string? FlopsKey { get; init; }

    /// <summary>Mean tokens per sequence (the attention term); for RL, else read from the logged prompt and response lengths.</summary>
    public double? SequenceLength { get; init; }

    /// <summary>Forward-pass equivalents per trained token: 3 for SFT (forward + backward), 4 for GRPO-style RL (one generation pass more).</summary>
    public double? Passes { get; init; }

    /// <summary>
    /// A logged series of generation rounds per step (DAPO's dynamic sampling, verl's `train/num_gen_batches`, read
    /// by default when logged): a step then costs K × <see cref="GenerationRatio"/> generation passes plus three
    /// training passes per trained token (framework.md §6).
    /// </summary>
    public string? GenerationRoundsKey { get; init; }

    /// <summary>Prompts generated per round over prompts trained per step (verl's `data.gen_batch_size / data.train_batch_size`; default 1).</summary>
    public double? GenerationRatio { get; init; }

    /// <summary>The manifest line of the `compute` fields.</summary>
    public long Line { get; init; }
}
