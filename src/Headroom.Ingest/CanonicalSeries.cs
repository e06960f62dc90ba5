namespace Headroom.Ingest;

/// <summary>
/// The canonical series names the framework needs. Values are always in the unit named here; readers
/// and the mapping apply unit fixes (see <see cref="MetricSeries.Scale"/>).
/// </summary>
public static class CanonicalSeries
{
    /// <summary>SFT training loss per logged step (mean token cross-entropy, nats).</summary>
    public const string SftTrainLoss = "sft_train_loss";

    /// <summary>SFT validation loss (nats); per eval set when several are logged (<see cref="MetricSeries.Benchmark"/>).</summary>
    public const string SftValLoss = "sft_val_loss";

    /// <summary>RL training reward (the score before any KL penalty), mean over the step's rollouts.</summary>
    public const string RlTrainReward = "rl_train_reward";

    /// <summary>RL validation score (avg@N accuracy or reward, a fraction), per benchmark or data source.</summary>
    public const string RlValScore = "rl_val_score";

    /// <summary>Score from an offline evaluation harness (lm-eval, Qwen2.5-Math), a fraction, per benchmark.</summary>
    public const string BenchmarkScore = "benchmark_score";

    /// <summary>Learning rate.</summary>
    public const string LearningRate = "lr";

    /// <summary>Cumulative training tokens seen.</summary>
    public const string Tokens = "tokens";

    /// <summary>Tokens processed in this step alone (sum it for the cumulative count).</summary>
    public const string StepTokens = "step_tokens";

    /// <summary>Mean response (completion) length in tokens.</summary>
    public const string ResponseLength = "response_length";

    /// <summary>Mean prompt length in tokens.</summary>
    public const string PromptLength = "prompt_length";

    /// <summary>Cumulative training FLOPs as the trainer counted them (HF `total_flos`: 6·N·tokens).</summary>
    public const string Flops = "flops";

    /// <summary>Mean policy entropy (nats per token).</summary>
    public const string Entropy = "entropy";

    /// <summary>KL divergence to the reference policy.</summary>
    public const string Kl = "kl";

    /// <summary>Gradient norm before clipping.</summary>
    public const string GradNorm = "grad_norm";

    /// <summary>Fractional epoch.</summary>
    public const string Epoch = "epoch";

    /// <summary>Every canonical name with a one-line description, in the order above.</summary>
    public static IReadOnlyList<(string Name, string Description)> All { get; } =
    [
        (SftTrainLoss, "SFT training loss"),
        (SftValLoss, "SFT validation loss (per eval set)"),
        (RlTrainReward, "RL training reward (score before KL penalty)"),
        (RlValScore, "RL validation score, avg@N (per benchmark / data source)"),
        (BenchmarkScore, "offline evaluation score, fraction (per benchmark)"),
        (LearningRate, "learning rate"),
        (Tokens, "cumulative training tokens"),
        (StepTokens, "tokens in this step"),
        (ResponseLength, "mean response length"),
        (PromptLength, "mean prompt length"),
        (Flops, "cumulative training FLOPs (trainer's count)"),
        (Entropy, "policy entropy"),
        (Kl, "KL to the reference policy"),
        (GradNorm, "gradient norm"),
        (Epoch, "epoch"),
    ];
}
