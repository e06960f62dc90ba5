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

    /// <summary>The mean training loss over the whole run, from the end-of-training summary (HF `train_loss`).</summary>
    public const string TrainLossMean = "train_loss_mean";

    /// <summary>RL training reward after the KL penalty (verl `critic/rewards/mean`).</summary>
    public const string RlTrainRewardPenalised = "rl_train_reward_penalised";

    /// <summary>Mean advantage of the step's rollouts.</summary>
    public const string Advantage = "advantage";

    /// <summary>Policy-gradient loss of the RL update.</summary>
    public const string PolicyLoss = "policy_loss";

    /// <summary>Preference accuracy: how often the chosen answer's reward beats the rejected one's (DPO `rewards/accuracies`), a fraction.</summary>
    public const string PreferenceAccuracy = "preference_accuracy";

    /// <summary>Mean reward margin between chosen and rejected answers (DPO `rewards/margins`).</summary>
    public const string PreferenceMargin = "preference_margin";

    /// <summary>Mean token accuracy of the training batches (TRL `mean_token_accuracy`, ms-swift `token_acc`), a fraction.</summary>
    public const string TokenAccuracy = "token_accuracy";

    /// <summary>Mean token accuracy on the validation set, a fraction.</summary>
    public const string ValTokenAccuracy = "val_token_accuracy";

    /// <summary>Accuracy the trainer's own evaluation reports (HF `eval_accuracy` from compute_metrics), a fraction.</summary>
    public const string ValAccuracy = "val_accuracy";

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

    /// <summary>KL divergence between the policy that sampled the rollouts and the updated one (PPO's approximate KL, verl `actor/ppo_kl`).</summary>
    public const string PpoKl = "ppo_kl";

    /// <summary>Training throughput in tokens per second (verl `perf/throughput` is per GPU).</summary>
    public const string Throughput = "throughput";

    /// <summary>Gradient norm before clipping.</summary>
    public const string GradNorm = "grad_norm";

    /// <summary>Fractional epoch.</summary>
    public const string Epoch = "epoch";

    /// <summary>Every canonical name with a one-line description, the framework's first.</summary>
    public static IReadOnlyList<(string Name, string Description)> All { get; } =
    [
        (SftTrainLoss, "SFT training loss"),
        (SftValLoss, "SFT validation loss (per eval set)"),
        (TrainLossMean, "mean training loss over the run (end-of-training summary)"),
        (RlTrainReward, "RL training reward (score before KL penalty)"),
        (RlTrainRewardPenalised, "RL training reward after the KL penalty"),
        (RlValScore, "RL validation score, avg@N (per benchmark / data source)"),
        (BenchmarkScore, "offline evaluation score, fraction (per benchmark)"),
        (ValAccuracy, "accuracy of the trainer's own evaluation"),
        (TokenAccuracy, "mean token accuracy (training)"),
        (ValTokenAccuracy, "mean token accuracy (validation)"),
        (PreferenceAccuracy, "preference accuracy (chosen beats rejected)"),
        (PreferenceMargin, "preference reward margin"),
        (PolicyLoss, "policy-gradient loss"),
        (Advantage, "mean advantage"),
        (LearningRate, "learning rate"),
        (Tokens, "cumulative training tokens"),
        (StepTokens, "tokens in this step"),
        (ResponseLength, "mean response length"),
        (PromptLength, "mean prompt length"),
        (Flops, "cumulative training FLOPs (trainer's count)"),
        (Entropy, "policy entropy"),
        (Kl, "KL to the reference policy"),
        (PpoKl, "KL between rollout and updated policy"),
        (Throughput, "tokens per second"),
        (GradNorm, "gradient norm"),
        (Epoch, "epoch"),
    ];
}
