namespace Headroom.Ingest.Tests.Names;

/// <summary>
/// The canonical names of what each trainer family logs today, read from the real files in ../shared/realworld (the
/// keys are the ones SOURCES.md lists for each file); OpenRLHF, ms-swift's token accuracy and TF2 Keras, of which the
/// folder holds no file, are written here the way those trainers write them. Skips when the folder is absent.
/// </summary>
public sealed class TrainerFamilyNamesTests
{
    private static Dictionary<string, string> Canonical(string relative, string format)
    {
        var path = Path.Combine(SharedData.RequireFolder("realworld"), relative);
        var run = Assert.Single(LogIngest.Read([path]).Runs);
        Assert.Equal(format, run.Format);
        return run.Series.Where(s => s.Canonical is not null).ToDictionary(s => s.Key, s => s.Canonical!);
    }

    [Theory]
    [InlineData("verl/HanlinDu__verl/verl_examples/gsm8k.jsonl", Formats.VerlJsonl)]
    [InlineData("verl/Bihan__dstack-configs/verl_demo.log", Formats.VerlConsole)]
    [InlineData("tensorboard/volcengine__verl/gsm8k_qwen2_7b_base", "tensorboard")]
    public void Verl_policy_loss_KL_rewards_advantage_lengths_tokens_and_throughput_are_named(string file, string format)
    {
        // When
        var names = Canonical(file, format);

        // Then
        Assert.Equal(CanonicalSeries.PolicyLoss, names["actor/pg_loss"]);
        Assert.Equal(CanonicalSeries.PpoKl, names["actor/ppo_kl"]);
        Assert.Equal(CanonicalSeries.RlTrainReward, names["critic/score/mean"]);
        Assert.Equal(CanonicalSeries.RlTrainRewardPenalised, names["critic/rewards/mean"]);
        Assert.Equal(CanonicalSeries.Advantage, names["critic/advantages/mean"]);
        Assert.Equal(CanonicalSeries.ResponseLength, names["response_length/mean"]);
        Assert.Equal(CanonicalSeries.PromptLength, names["prompt_length/mean"]);
        Assert.Equal(CanonicalSeries.Throughput, names["perf/throughput"]);
        Assert.Equal(CanonicalSeries.StepTokens, names["perf/total_num_tokens"]);
    }

    [Fact]
    public void TRL_GRPO_reward_KL_entropy_completion_length_and_tokens_are_named_and_its_loss_is_not_SFT()
    {
        // When
        var names = Canonical("hf_trainer_state/alexchilton__CAS_NLP_MODULE4_GRPO/lara/output_4090/wordle-grpo/checkpoint-400/trainer_state.json", Formats.TrainerState);

        // Then
        Assert.Equal(CanonicalSeries.RlTrainReward, names["reward"]);
        Assert.Equal(CanonicalSeries.Kl, names["kl"]);
        Assert.Equal(CanonicalSeries.Entropy, names["entropy"]);
        Assert.Equal(CanonicalSeries.ResponseLength, names["completions/mean_length"]);
        Assert.Equal(CanonicalSeries.Tokens, names["num_tokens"]);
        Assert.False(names.ContainsKey("loss"));
    }

    [Fact]
    public void TRL_DPO_preference_accuracy_and_margin_are_named()
    {
        // When
        var names = Canonical("hf_trainer_state/SeanGormann__llm_recovery/checkpoint-1000/trainer_state.json", Formats.TrainerState);

        // Then
        Assert.Equal(CanonicalSeries.PreferenceAccuracy, names["rewards/accuracies"]);
        Assert.Equal(CanonicalSeries.PreferenceMargin, names["rewards/margins"]);
        Assert.False(names.ContainsKey("loss"));
    }

    [Fact]
    public void TRL_SFT_losses_token_accuracies_and_tokens_are_named()
    {
        // When
        var names = Canonical("hf_trainer_state/Dheena731__tinyLlama-finetune/trainer_state.json", Formats.TrainerState);

        // Then
        Assert.Equal(CanonicalSeries.SftTrainLoss, names["loss"]);
        Assert.Equal(CanonicalSeries.SftValLoss, names["eval_loss"]);
        Assert.Equal(CanonicalSeries.TokenAccuracy, names["mean_token_accuracy"]);
        Assert.Equal(CanonicalSeries.ValTokenAccuracy, names["eval_mean_token_accuracy"]);
        Assert.Equal(CanonicalSeries.Tokens, names["num_tokens"]);
    }

    [Theory]
    [InlineData("hf_trainer_state/syGOAT__Mistral-v0.2-Translator-bf16/trainer_state.json", Formats.TrainerState, "train_loss")]
    [InlineData("wandb/0-KaiKai-0__stanford_alpaca/run-20231104_050850-argq0i8h", "wandb", "train/train_loss")]
    public void The_HF_end_of_training_summary_loss_is_the_runs_mean_training_loss(string file, string format, string key)
        => Assert.Equal(CanonicalSeries.TrainLossMean, Canonical(file, format)[key]);

    [Fact]
    public void LLaMA_Factory_throughput_and_preference_accuracy_are_named()
    {
        // When
        var sft = Canonical("llamafactory/syGOAT__Mistral-v0.2-Translator-bf16/trainer_log.jsonl", Formats.LlamaFactory);
        var grpo = Canonical("llamafactory/hykun1989__360-LLaMA-Factory-grpo/trainer_log.jsonl", Formats.LlamaFactory);

        // Then
        Assert.Equal(CanonicalSeries.SftTrainLoss, sft["loss"]);
        Assert.Equal(CanonicalSeries.Throughput, sft["throughput"]);
        Assert.Equal(CanonicalSeries.PreferenceAccuracy, grpo["accuracy"]);
    }

    [Fact]
    public void Ms_swift_losses_from_the_real_log_and_token_accuracies_as_ms_swift_3_writes_them_are_named()
    {
        // Given the real 2023 log, and a line of ms-swift 3 (token_acc, eval_token_acc, "global_step/max_steps")
        var real = Canonical("ms_swift/modelscope__ms-swift/baichuan2-7b-chat/v3-20230918-120111/logging.jsonl", Formats.MsSwift);
        using var temp = new TempFolder();
        var file = temp.Write("v0-20250101-000000/logging.jsonl",
            "{\"loss\": 1.25, \"token_acc\": 0.61, \"grad_norm\": 3.1, \"learning_rate\": 1e-05, \"epoch\": 0.1, \"global_step/max_steps\": \"5/50\", \"percentage\": \"10.00%\", \"elapsed_time\": \"10s\", \"remaining_time\": \"1m 30s\"}\n"
            + "{\"eval_loss\": 1.2, \"eval_token_acc\": 0.63, \"eval_runtime\": 1.0, \"epoch\": 0.1, \"global_step/max_steps\": \"5/50\", \"percentage\": \"10.00%\", \"elapsed_time\": \"11s\", \"remaining_time\": \"1m 29s\"}\n");

        // When
        var run = Assert.Single(LogIngest.Read([file]).Runs);

        // Then
        Assert.Equal(CanonicalSeries.SftTrainLoss, real["loss"]);
        Assert.Equal(CanonicalSeries.SftValLoss, real["eval_loss"]);
        Assert.Equal(CanonicalSeries.TokenAccuracy, run.Find("token_acc")!.Canonical);
        Assert.Equal(CanonicalSeries.ValTokenAccuracy, run.Find("eval_token_acc")!.Canonical);
    }

    [Theory]
    [InlineData("train/policy_loss", CanonicalSeries.PolicyLoss)]
    [InlineData("train/reward", CanonicalSeries.RlTrainReward)]
    [InlineData("train/kl", CanonicalSeries.Kl)]
    [InlineData("train/response_length", CanonicalSeries.ResponseLength)]
    [InlineData("train/actor_lr", CanonicalSeries.LearningRate)]
    [InlineData("eval/eval_gsm8k_pass1", CanonicalSeries.RlValScore)]
    public void OpenRLHF_PPO_keys_as_its_TensorBoard_logger_writes_them_are_named(string key, string canonical)
        => Assert.Equal(canonical, CanonicalNames.BuiltIn.ResolveRun("tensorboard", [key, "train/reward"])[key].Name);

    [Fact]
    public void TF2_Keras_epoch_loss_is_the_training_loss_in_train_and_the_validation_loss_in_validation()
    {
        // Given a Keras log dir: logs/train and logs/validation each hold an event file with epoch_loss
        using var temp = new TempFolder();
        foreach (var (folder, loss) in new[] { ("train", 0.9f), ("validation", 1.1f) })
        {
            using var writer = new TfEventWriter(temp.File("logs", folder, "events.out.tfevents.1700000000.host.1.v2"));
            writer.AddTf2Scalar("epoch_loss", loss, 0, 1_700_000_001);
            writer.AddTf2Scalar("epoch_accuracy", 0.5f, 0, 1_700_000_001);
        }

        // When
        var runs = LogIngest.Read([temp.Combine("logs")]).Runs.ToDictionary(r => r.Name);

        // Then
        Assert.Equal(CanonicalSeries.SftTrainLoss, runs["train"].Find("epoch_loss")!.Canonical);
        Assert.Equal(CanonicalSeries.SftValLoss, runs["validation"].Find("epoch_loss")!.Canonical);
        Assert.Equal(CanonicalSeries.ValAccuracy, runs["validation"].Find("epoch_accuracy")!.Canonical);
    }
}
