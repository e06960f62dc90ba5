namespace Headroom.Lab.Rl;

/// <summary>
/// What an RL checkpoint needs beyond model and optimizer weights to continue bit-identically: the step,
/// the prompt stream position, both generators' states, and the running counters. Written as
/// `rl_state.json` in every checkpoint-N folder.
/// </summary>
internal sealed record RlState
{
    public const string FileName = "rl_state.json";

    public int Step { get; init; }

    public int Seed { get; init; }

    public int Threads { get; init; }

    /// <summary>The algorithm: grpo, dapo_d, dapo_dc, luffy, srft, upt or prefix_rft.</summary>
    public string Algorithm { get; init; } = "";

    /// <summary>The starting model (a checkpoint folder or the base model).</summary>
    public string From { get; init; } = "";

    /// <summary>The lab folder of the world.</summary>
    public string World { get; init; } = "";

    /// <summary>Prompts drawn so far: the prompt-order stream position.</summary>
    public long PromptPosition { get; init; }

    /// <summary>The rollout generator's torch state, base64.</summary>
    public string RolloutState { get; init; } = "";

    /// <summary>The evaluation generator's torch state, base64.</summary>
    public string EvalState { get; init; } = "";

    /// <summary>RL compute since the branch point (framework.md §6).</summary>
    public double TotalFlos { get; init; }

    /// <summary>Tokens of every generated sequence (prompt + response).</summary>
    public long RolloutTokens { get; init; }

    /// <summary>Generation rounds over all steps.</summary>
    public long GenerationRounds { get; init; }

    /// <summary>Rollouts trained over all steps (on-policy samples).</summary>
    public long OnPolicySamples { get; init; }

    /// <summary>Expert trajectories trained over all steps (off-policy samples).</summary>
    public long OffPolicySamples { get; init; }

    public double Seconds { get; init; }
}
