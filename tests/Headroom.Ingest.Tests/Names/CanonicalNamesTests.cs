namespace Headroom.Ingest.Tests.Names;

public sealed class CanonicalNamesTests
{
    private static readonly CanonicalNames _names = CanonicalNames.BuiltIn;

    [Theory]
    [InlineData("val-core/openai/gsm8k/reward/mean@1", "openai/gsm8k")]
    [InlineData("val-core/HuggingFaceH4/MATH-500/acc/mean@16", "HuggingFaceH4/MATH-500")]
    [InlineData("val-core/aime/acc/mean@32", "aime")]
    public void Verl_val_core_mean_is_rl_val_score_of_a_data_source_that_may_hold_slashes(string key, string source)
    {
        // When
        var name = _names.Resolve(Formats.VerlJsonl, key);

        // Then
        Assert.Equal(new CanonicalName(CanonicalSeries.RlValScore, source), name);
    }

    [Theory]
    [InlineData("val-core/HuggingFaceH4/MATH-500/acc/std@16")]
    [InlineData("val-core/HuggingFaceH4/MATH-500/acc/best@16/mean")]
    [InlineData("val-core/openai/gsm8k/acc/maj@8/std")]
    [InlineData("val-aux/openai/gsm8k/reward/mean@1")]
    public void Verl_spread_bootstrap_and_aux_keys_stay_raw(string key)
        => Assert.Null(_names.Map(Formats.VerlJsonl, key));

    [Theory]
    [InlineData("eval/eval gpt_loss", CanonicalSeries.SftValLoss, null)]
    [InlineData("train/gpt_loss", CanonicalSeries.SftTrainLoss, null)]
    [InlineData("eval/eval_gsm8k_pass1", CanonicalSeries.RlValScore, "gsm8k")]
    [InlineData("eval_math500_pass1", CanonicalSeries.RlValScore, "math500")]
    [InlineData("actor_lr", CanonicalSeries.LearningRate, null)]
    [InlineData("eval/squad_loss", CanonicalSeries.SftValLoss, "squad")]
    [InlineData("eval_squad_loss", CanonicalSeries.SftValLoss, "squad")]
    [InlineData("critic/score/mean", CanonicalSeries.RlTrainReward, null)]
    [InlineData("response_length/mean", CanonicalSeries.ResponseLength, null)]
    [InlineData("prompt_length/mean", CanonicalSeries.PromptLength, null)]
    [InlineData("perf/total_num_tokens", CanonicalSeries.StepTokens, null)]
    [InlineData("training/epoch", CanonicalSeries.Epoch, null)]
    public void Keys_of_OpenRLHF_HF_and_verl_map_as_log_formats_1_8_lists(string key, string canonical, string? benchmark)
        => Assert.Equal(new CanonicalName(canonical, benchmark), _names.Resolve("tensorboard", key));

    [Theory]
    [InlineData("eval_aux_loss")]
    [InlineData("eval_nll_loss")]
    [InlineData("eval_pass2")]
    [InlineData("eval_gsm8k_pass8")]
    public void Loss_and_pass_keys_that_are_not_eval_sets_stay_raw(string key)
        => Assert.Null(_names.Map(Formats.TrainerState, key));

    [Fact]
    public void Verl_scaled_keys_carry_their_unit_fix()
    {
        Assert.Equal(new CanonicalName(CanonicalSeries.LearningRate, null, 1e-3), _names.Resolve(Formats.VerlJsonl, "train/lr(1e-3)"));
        Assert.Equal(new CanonicalName(CanonicalSeries.Tokens, null, 1e9), _names.Resolve(Formats.VerlJsonl, "train/total_tokens(B)"));
    }

    [Fact]
    public void The_same_key_means_different_things_in_different_formats()
    {
        // `acc` is a percent benchmark score in a Qwen2.5-Math metrics file and means nothing elsewhere
        Assert.Equal(new CanonicalName(CanonicalSeries.BenchmarkScore, "aime24", 0.01), _names.Resolve(Formats.QwenMathEval, "aime24/acc"));
        Assert.Null(_names.Resolve(Formats.GenericCsv, "aime24/acc"));

        // an lm-eval task metric is a benchmark score only in an lm-eval file
        Assert.Equal(new CanonicalName(CanonicalSeries.BenchmarkScore, "gsm8k"), _names.Resolve(Formats.LmEval, "gsm8k/exact_match,strict-match"));
        Assert.Null(_names.Resolve(Formats.VerlJsonl, "gsm8k/exact_match,strict-match"));
    }

    [Fact]
    public void Train_loss_is_HFs_end_of_training_mean_in_its_state_and_Lightnings_per_step_loss_in_its_logs()
    {
        // HF's trainer_state ends with a `train_loss` summary; Lightning logs `train_loss` every step (metrics.csv,
        // TensorBoard, W&B), where HF's own TensorBoard and W&B logs say `train/train_loss`
        Assert.Equal(CanonicalSeries.TrainLossMean, _names.Map(Formats.TrainerState, "train_loss"));
        Assert.Equal(CanonicalSeries.TrainLossMean, _names.Map(Formats.TensorBoard, "train/train_loss"));
        Assert.Equal(CanonicalSeries.SftTrainLoss, _names.Map(Formats.MetricsCsv, "train_loss"));
        Assert.Equal(CanonicalSeries.SftTrainLoss, _names.Map(Formats.TensorBoard, "train_loss"));
        Assert.Equal(CanonicalSeries.SftTrainLoss, _names.Map("wandb", "train_loss"));
        Assert.Equal(CanonicalSeries.SftValLoss, _names.Map(Formats.TensorBoard, "val_loss"));
    }

    [Fact]
    public void Loss_is_an_SFT_loss_only_in_a_run_without_RL_or_preference_keys()
    {
        // Given an SFT run, a DPO run and a GRPO run
        var sft = _names.ResolveRun(Formats.TrainerState, ["loss", "eval_loss", "learning_rate"]);
        var dpo = _names.ResolveRun(Formats.TrainerState, ["loss", "eval_loss", "rewards/chosen", "logps/rejected"]);
        var grpo = _names.ResolveRun(Formats.TrainerState, ["loss", "reward", "kl"]);

        // Then
        Assert.Equal(CanonicalSeries.SftTrainLoss, sft["loss"].Name);
        Assert.Equal(CanonicalSeries.SftValLoss, sft["eval_loss"].Name);
        Assert.False(dpo.ContainsKey("loss"));
        Assert.False(dpo.ContainsKey("eval_loss"));
        Assert.False(grpo.ContainsKey("loss"));
        Assert.Equal(CanonicalSeries.RlTrainReward, grpo["reward"].Name);
    }

    [Fact]
    public void Mapping_file_of_lines_overrides_suppresses_and_scales()
    {
        // Given
        using var temp = new TempFolder();
        var file = temp.Write("names.txt", "# my trainer\nmy/val loss = sft_val_loss\r\nlearning_rate =\nmy/lr_x1000 = lr * 0.001\nre:^score/(?<benchmark>.+)$ = rl_val_score\n");

        // When
        var names = _names.WithFile(file);

        // Then
        Assert.Equal(CanonicalSeries.SftValLoss, names.Map("generic_csv", "my/val loss"));
        Assert.Null(names.Map(Formats.TrainerState, "learning_rate"));
        Assert.Equal(new CanonicalName("lr", null, 0.001), names.Resolve("x", "my/lr_x1000"));
        Assert.Equal(new CanonicalName(CanonicalSeries.RlValScore, "gsm8k/test"), names.Resolve("x", "score/gsm8k/test"));
        Assert.Equal(CanonicalSeries.SftTrainLoss, names.Map(Formats.TrainerState, "loss"));
    }

    [Fact]
    public void Mapping_file_in_JSON_may_limit_a_mapping_to_some_formats()
    {
        // Given
        using var temp = new TempFolder();
        var file = temp.Write("names.json", """
            {
              "acc": {"canonical": "benchmark_score", "benchmark": "mmlu", "formats": ["generic_csv"]},
              "eval_loss": null,
              "tok": "tokens"
            }
            """);

        // When
        var names = _names.WithFile(file);

        // Then
        Assert.Equal(new CanonicalName(CanonicalSeries.BenchmarkScore, "mmlu"), names.Resolve(Formats.GenericCsv, "acc"));
        Assert.Null(names.Resolve(Formats.GenericJsonl, "acc"));
        Assert.Null(names.Map(Formats.TrainerState, "eval_loss"));
        Assert.Equal(CanonicalSeries.Tokens, names.Map("any", "tok"));
    }

    [Theory]
    [InlineData("names.txt", "loss sft_train_loss\n", 1, "expected 'raw_key = canonical_name'")]
    [InlineData("names.txt", "a = b\nx = lr * fast\n", 2, "the scale 'fast' is not a number")]
    [InlineData("names.json", "{\n  \"a\": 3\n}", 2, "the mapping of 'a' must be")]
    [InlineData("names.json", "{\n  \"a\": \"b\",\n  \"c\"\n}", 4, "not valid JSON")]
    [InlineData("names.txt", "re:^(unclosed = lr\n", 1, "is not a valid regular expression")]
    public void Malformed_mapping_file_names_the_file_and_line(string name, string text, int line, string detail)
    {
        // Given
        using var temp = new TempFolder();
        var file = temp.Write(name, text);

        // When
        var error = Assert.Throws<IngestException>(() => _names.WithFile(file));

        // Then
        Assert.StartsWith($"{file}: line {line}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(detail, error.Message, StringComparison.Ordinal);
        Assert.EndsWith(".", error.Message, StringComparison.Ordinal);
    }
}
