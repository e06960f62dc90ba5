namespace Headroom.Study;

/// <summary>One RL run of a study (or, for a table, every branch in it) as the manifest names it.</summary>
public sealed record BranchSpec
{
    /// <summary>The branch's name.</summary>
    public required string Name { get; init; }

    /// <summary>SFT-then-RL, Pure-RL or a synchronized SFT+RL method.</summary>
    public required Paradigm Paradigm { get; init; }

    /// <summary>The RL algorithm (grpo, dapo, luffy, srft, upt, prefix-rft...), as written.</summary>
    public required string Algorithm { get; init; }

    /// <summary>The SFT run it starts from (SFT-then-RL only).</summary>
    public string? From { get; init; }

    /// <summary>The SFT step it starts from (SFT-then-RL from logs).</summary>
    public double? FromStep { get; init; }

    /// <summary>Log files or folders, resolved against the manifest.</summary>
    public IReadOnlyList<string> Logs { get; init; } = [];

    /// <summary>A CSV holding one or many branches (its group column gives each branch's SFT step).</summary>
    public TableSpec? Table { get; init; }

    /// <summary>Keys of the score series, overriding the study's benchmarks for this run.</summary>
    public IReadOnlyList<string> ScoreKeys { get; init; } = [];

    /// <summary>How compute is counted.</summary>
    public ComputeSpec Compute { get; init; } = ComputeSpec.FromLogs;

    /// <summary>P_sft given explicitly (otherwise the run's step-0 score or the SFT checkpoint's score).</summary>
    public double? PSft { get; init; }

    /// <summary>The manifest line of the entry.</summary>
    public long Line { get; init; }

    /// <summary>The manifest field of the entry (e.g. `rl[2]`).</summary>
    public string Field { get; init; } = string.Empty;
}
