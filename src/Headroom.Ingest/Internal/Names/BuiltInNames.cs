namespace Headroom.Ingest;

/// <summary>
/// The built-in mapping table (log-formats.md §1.8), most specific first. Decisions:
/// <list type="bullet">
/// <item>Per-benchmark names keep the raw key and carry the data source in <see cref="MetricSeries.Benchmark"/>
/// (verl `val-core/&lt;ds&gt;/&lt;var&gt;/mean@N` → `rl_val_score` for `&lt;ds&gt;`, where `&lt;ds&gt;` may hold `/`:
/// the pattern is anchored on the right). Only the core `mean@N` (avg@N) is canonical; std, best@, worst@,
/// maj@ and `val-aux` stay raw.</item>
/// <item>Unit fixes live here, not in the readers: verl `train/lr(1e-3)` holds lr×1000 (scale 1e-3),
/// `train/total_tokens(B)` holds billions (scale 1e9), Qwen2.5-Math `acc` is a percent (scale 0.01).</item>
/// <item>Loss keys (`loss`, `eval_loss`, `train/loss`...) are SFT losses only in runs without RL or preference
/// keys: a GRPO, PPO, DPO, KTO or ORPO `loss` is not an SFT loss.</item>
/// <item>verl's raw `critic/score/mean` is the RL training reward (`critic/rewards/mean` includes the KL
/// penalty, `rl_train_reward_penalised`). `perf/total_num_tokens` is per step (`step_tokens`), not cumulative.
/// `actor/kl_loss` and `actor/reward_kl_penalty` are KL to the reference (`kl`); `actor/ppo_kl` is PPO's KL between
/// the sampling and the updated policy (`ppo_kl`).</item>
/// <item>TF2 Keras writes the same `epoch_loss` in its `train/` and `validation/` folders: a TensorBoard run in such a
/// folder resolves its keys with the folder in front (`validation/epoch_loss` → `sft_val_loss`).</item>
/// <item>When several keys of one run map to the same canonical name and benchmark (TRL's old
/// `completion_length` beside the new `completions/mean_length`), the earliest rule below wins and the
/// others stay raw.</item>
/// </list>
/// </summary>
internal static class BuiltInNames
{
    private const string NotAnEvalSet = "(?!(aux|policy|sft|nll|odds_ratio|kl|pg|vf|value|critic|actor|entropy|rewards?|eval gpt|gpt)_loss$)";

    /// <summary>Keys that mark a run as RL or preference training (so its `loss` is not an SFT loss).</summary>
    public static System.Text.RegularExpressions.Regex PolicyRunMarker { get; } = new(
        @"^((train|eval)[/_])?(reward|rewards/.+|reward_std|completion_length|completions/.+|policy_loss|kl|"
        + @"(logps|logits)/(chosen|rejected)|odds_ratio_loss|critic/.+|actor/(pg_loss|ppo_kl|kl_loss)|"
        + @"val-core/.+|frac_reward_zero_std)$|^accuracy$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    public static IReadOnlyList<NameRule> Rules { get; } =
    [
        // SFT losses (HF/TRL log_history, LLaMA-Factory, ms-swift; HF TB/W&B; verl SFT; OpenRLHF).
        NameRule.Key("loss", CanonicalSeries.SftTrainLoss, sftOnly: true),
        NameRule.Key("train/loss", CanonicalSeries.SftTrainLoss, sftOnly: true),
        NameRule.Key("train/gpt_loss", CanonicalSeries.SftTrainLoss, sftOnly: true),
        NameRule.Key("eval_loss", CanonicalSeries.SftValLoss, sftOnly: true),
        NameRule.Key("eval/loss", CanonicalSeries.SftValLoss, sftOnly: true),
        NameRule.Key("val/loss", CanonicalSeries.SftValLoss, sftOnly: true),
        NameRule.Key("val_loss", CanonicalSeries.SftValLoss, sftOnly: true),
        NameRule.Key("eval/eval gpt_loss", CanonicalSeries.SftValLoss, sftOnly: true),
        NameRule.Key("eval gpt_loss", CanonicalSeries.SftValLoss, sftOnly: true),
        NameRule.Regex($"^eval_{NotAnEvalSet}(?<benchmark>.+)_loss$", CanonicalSeries.SftValLoss, sftOnly: true),
        NameRule.Regex($"^eval/{NotAnEvalSet}(?<benchmark>[^/]+)_loss$", CanonicalSeries.SftValLoss, sftOnly: true),

        // TF2 Keras: `epoch_loss` in the `train/` and `validation/` folders of a log dir (keys read with their folder).
        NameRule.Key("train/epoch_loss", CanonicalSeries.SftTrainLoss, sftOnly: true),
        NameRule.Key("validation/epoch_loss", CanonicalSeries.SftValLoss, sftOnly: true),

        // PyTorch Lightning logs its training loss per step as `train_loss` (`metrics.csv`, TensorBoard, W&B), where HF's
        // TensorBoard and W&B write `train/train_loss` for the end-of-training summary below.
        NameRule.Key("train_loss", CanonicalSeries.SftTrainLoss, sftOnly: true, formats: [Formats.MetricsCsv, Formats.TensorBoard, "wandb"]),

        // HF end-of-training summary: the mean of the logged losses.
        NameRule.Key("train_loss", CanonicalSeries.TrainLossMean),
        NameRule.Key("train/train_loss", CanonicalSeries.TrainLossMean),

        // Learning rate.
        NameRule.Key("learning_rate", CanonicalSeries.LearningRate),
        NameRule.Key("lr", CanonicalSeries.LearningRate),
        NameRule.Key("train/learning_rate", CanonicalSeries.LearningRate),
        NameRule.Key("train/lr", CanonicalSeries.LearningRate),
        NameRule.Key("actor/lr", CanonicalSeries.LearningRate),
        NameRule.Key("actor_lr", CanonicalSeries.LearningRate),
        NameRule.Key("train/actor_lr", CanonicalSeries.LearningRate),
        NameRule.Key("train/lr(1e-3)", CanonicalSeries.LearningRate, scale: 1e-3),

        // RL rewards and validation scores.
        NameRule.Key("reward", CanonicalSeries.RlTrainReward),
        NameRule.Key("train/reward", CanonicalSeries.RlTrainReward),
        NameRule.Key("critic/score/mean", CanonicalSeries.RlTrainReward),
        NameRule.Key("eval_reward", CanonicalSeries.RlValScore),
        NameRule.Key("eval/reward", CanonicalSeries.RlValScore),
        NameRule.Regex("^val-core/(?<benchmark>.+)/[^/]+/mean@[0-9]+$", CanonicalSeries.RlValScore),
        NameRule.Regex("^(eval/)?eval_(?<benchmark>.+)_pass1$", CanonicalSeries.RlValScore),
        NameRule.Regex("^eval_(?<benchmark>.+)_reward$", CanonicalSeries.RlValScore),
        NameRule.Regex("^eval/(?<benchmark>[^/]+)_reward$", CanonicalSeries.RlValScore),
        NameRule.Key("critic/rewards/mean", CanonicalSeries.RlTrainRewardPenalised),
        NameRule.Key("critic/advantages/mean", CanonicalSeries.Advantage),
        NameRule.Key("actor/pg_loss", CanonicalSeries.PolicyLoss),
        NameRule.Key("policy_loss", CanonicalSeries.PolicyLoss),
        NameRule.Key("train/policy_loss", CanonicalSeries.PolicyLoss),

        // Preference training (TRL DPO/ORPO/KTO; LLaMA-Factory logs `rewards/accuracies` as `accuracy`).
        NameRule.Key("rewards/accuracies", CanonicalSeries.PreferenceAccuracy),
        NameRule.Key("train/rewards/accuracies", CanonicalSeries.PreferenceAccuracy),
        NameRule.Key("accuracy", CanonicalSeries.PreferenceAccuracy, formats: Formats.LlamaFactory),
        NameRule.Key("rewards/margins", CanonicalSeries.PreferenceMargin),
        NameRule.Key("train/rewards/margins", CanonicalSeries.PreferenceMargin),

        // Accuracies: token accuracy (TRL SFT, ms-swift) and the trainer's own evaluation (HF compute_metrics).
        NameRule.Key("mean_token_accuracy", CanonicalSeries.TokenAccuracy),
        NameRule.Key("train/mean_token_accuracy", CanonicalSeries.TokenAccuracy),
        NameRule.Key("token_acc", CanonicalSeries.TokenAccuracy),
        NameRule.Key("train/token_acc", CanonicalSeries.TokenAccuracy),
        NameRule.Key("eval_mean_token_accuracy", CanonicalSeries.ValTokenAccuracy),
        NameRule.Key("eval/mean_token_accuracy", CanonicalSeries.ValTokenAccuracy),
        NameRule.Key("eval_token_acc", CanonicalSeries.ValTokenAccuracy),
        NameRule.Key("eval/token_acc", CanonicalSeries.ValTokenAccuracy),
        NameRule.Key("eval_accuracy", CanonicalSeries.ValAccuracy),
        NameRule.Key("eval/accuracy", CanonicalSeries.ValAccuracy),
        NameRule.Key("validation/epoch_accuracy", CanonicalSeries.ValAccuracy),
        NameRule.Key("val_acc", CanonicalSeries.ValAccuracy),
        NameRule.Key("val_accuracy", CanonicalSeries.ValAccuracy),

        // Tokens (TRL's per-entry num_tokens before the state's num_input_tokens_seen).
        NameRule.Key("num_tokens", CanonicalSeries.Tokens),
        NameRule.Key("train/num_tokens", CanonicalSeries.Tokens),
        NameRule.Key("num_input_tokens_seen", CanonicalSeries.Tokens),
        NameRule.Key("train/num_input_tokens_seen", CanonicalSeries.Tokens),
        NameRule.Key("total_tokens", CanonicalSeries.Tokens),
        NameRule.Key("train/total_tokens(B)", CanonicalSeries.Tokens, scale: 1e9),
        NameRule.Key("perf/total_num_tokens", CanonicalSeries.StepTokens),
        NameRule.Key("perf/throughput", CanonicalSeries.Throughput),
        NameRule.Key("throughput", CanonicalSeries.Throughput),
        NameRule.Key("train_tokens_per_second", CanonicalSeries.Throughput),
        NameRule.Key("train/global_tokens", CanonicalSeries.StepTokens),

        // Lengths.
        NameRule.Key("completions/mean_length", CanonicalSeries.ResponseLength),
        NameRule.Key("train/completions/mean_length", CanonicalSeries.ResponseLength),
        NameRule.Key("response_length/mean", CanonicalSeries.ResponseLength),
        NameRule.Key("completion_length", CanonicalSeries.ResponseLength),
        NameRule.Key("train/completion_length", CanonicalSeries.ResponseLength),
        NameRule.Key("response_length", CanonicalSeries.ResponseLength),
        NameRule.Key("train/response_length", CanonicalSeries.ResponseLength),
        NameRule.Key("prompt_length/mean", CanonicalSeries.PromptLength),

        // Compute, optimisation and regularisers.
        NameRule.Key("total_flos", CanonicalSeries.Flops),
        NameRule.Key("train/total_flos", CanonicalSeries.Flops),
        NameRule.Key("entropy", CanonicalSeries.Entropy),
        NameRule.Key("train/entropy", CanonicalSeries.Entropy),
        NameRule.Key("actor/entropy", CanonicalSeries.Entropy),
        NameRule.Key("actor/entropy_loss", CanonicalSeries.Entropy),
        NameRule.Key("entropy_loss", CanonicalSeries.Entropy),
        NameRule.Key("kl", CanonicalSeries.Kl),
        NameRule.Key("train/kl", CanonicalSeries.Kl),
        NameRule.Key("actor/kl_loss", CanonicalSeries.Kl),
        NameRule.Key("critic/kl", CanonicalSeries.Kl),
        NameRule.Key("actor/reward_kl_penalty", CanonicalSeries.Kl),
        NameRule.Key("actor/ppo_kl", CanonicalSeries.PpoKl),
        NameRule.Key("grad_norm", CanonicalSeries.GradNorm),
        NameRule.Key("train/grad_norm", CanonicalSeries.GradNorm),
        NameRule.Key("actor/grad_norm", CanonicalSeries.GradNorm),
        NameRule.Key("actor_grad_norm", CanonicalSeries.GradNorm),
        NameRule.Key("epoch", CanonicalSeries.Epoch),
        NameRule.Key("train/epoch", CanonicalSeries.Epoch),
        NameRule.Key("training/epoch", CanonicalSeries.Epoch),

        // Offline evaluation harnesses: lm-eval `<task>/<metric>,<filter>` (older: `<task>/<metric>`), most
        // telling metric first; Qwen2.5-Math `<data_name>/acc` in percent.
        NameRule.Regex("^(?<benchmark>[^/]+)/exact_match(,.*)?$", CanonicalSeries.BenchmarkScore, formats: Formats.LmEval),
        NameRule.Regex("^(?<benchmark>[^/]+)/pass@1(,.*)?$", CanonicalSeries.BenchmarkScore, formats: Formats.LmEval),
        NameRule.Regex("^(?<benchmark>[^/]+)/acc_norm(,.*)?$", CanonicalSeries.BenchmarkScore, formats: Formats.LmEval),
        NameRule.Regex("^(?<benchmark>[^/]+)/acc(,.*)?$", CanonicalSeries.BenchmarkScore, formats: Formats.LmEval),
        NameRule.Regex("^(?<benchmark>[^/]+)/(em|f1|mcc)(,.*)?$", CanonicalSeries.BenchmarkScore, formats: Formats.LmEval),
        NameRule.Regex("^(?<benchmark>.+)/acc$", CanonicalSeries.BenchmarkScore, scale: 0.01, formats: Formats.QwenMathEval),
    ];
}
