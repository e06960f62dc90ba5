
namespace Headroom.Ingest.Tests.RealWorld;

/// <summary>
/// Every real file of the text formats in ../shared/realworld (34 files: HF trainer_state.json, LLaMA-Factory,
/// verl, lm-eval, ms-swift) read through detection without error, with the counts that SOURCES.md lists. The
/// expectations below are transcribed from SOURCES.md, not from this code's output. Skips when the folder is
/// absent.
/// </summary>
public sealed class RealWorldTextLogsTests
{
    /// <summary>One trainer_state.json row of SOURCES.md: keys holds the listed keys, MoreKeys the "...(+N)".</summary>
    public sealed record TrainerStateRow(string File, long GlobalStep, int Entries, int WithLoss, int WithEvalLoss, string[] Keys, int MoreKeys, int NonFinite);

    public sealed record LlamaFactoryRow(string File, int Lines, string[] Keys, long FirstStep, long LastStep, long TotalSteps, int EvalLossLines, int Repeated);

    public sealed record VerlConsoleRow(string File, int ConsoleLines, int MetricLines, long FirstStep, long LastStep, int DistinctKeys, string[] ValKeys);

    public sealed record LmEvalRow(string File, int Tasks);

    public static TheoryData<TrainerStateRow> TrainerStates { get; } =
    [
        new TrainerStateRow("hf_trainer_state/Dheena731__tinyLlama-finetune/trainer_state.json", 2800, 200, 186, 14, ["epoch", "eval_loss", "eval_mean_token_accuracy", "eval_num_tokens", "eval_runtime", "eval_samples_per_second", "eval_steps_per_second", "grad_norm", "learning_rate", "loss", "mean_token_accuracy", "num_tokens", "step"], 0, 0),
        new TrainerStateRow("hf_trainer_state/syGOAT__Mistral-v0.2-Translator-bf16/trainer_state.json", 8660, 867, 866, 0, ["epoch", "grad_norm", "learning_rate", "loss", "step", "total_flos", "train_loss", "train_runtime", "train_samples_per_second", "train_steps_per_second"], 0, 0),
        new TrainerStateRow("hf_trainer_state/SeanGormann__llm_recovery/checkpoint-1000/trainer_state.json", 1000, 20, 20, 0, ["epoch", "grad_norm", "learning_rate", "logits/chosen", "logits/rejected", "logps/chosen", "logps/rejected", "loss", "rewards/accuracies", "rewards/chosen", "rewards/margins", "rewards/rejected", "step"], 0, 0),
        new TrainerStateRow("hf_trainer_state/Fujump__qlora/output/trainer_state.json", 10000, 1001, 1000, 0, ["epoch", "learning_rate", "loss", "step", "total_flos", "train_loss", "train_runtime", "train_samples_per_second", "train_steps_per_second"], 0, 0),
        new TrainerStateRow("hf_trainer_state/hsc748NLP__NSLLM/trainer_state.json", 2178, 436, 435, 0, ["epoch", "grad_norm", "learning_rate", "loss", "step", "total_flos", "train_loss", "train_runtime", "train_samples_per_second", "train_steps_per_second"], 0, 0),
        new TrainerStateRow("hf_trainer_state/tasfiahmrinmoyee__Gemma3-1B-Instruct-outputs/trainer_state.json", 3765, 95, 75, 19, ["epoch", "eval_loss", "eval_runtime", "eval_samples_per_second", "eval_steps_per_second", "grad_norm", "learning_rate", "loss", "step", "total_flos", "train_loss", "train_runtime", "train_samples_per_second", "train_steps_per_second"], 0, 0),
        new TrainerStateRow("hf_trainer_state/Jaong__Checkpoint-of-CPT/trainer_state.json", 5490, 31, 10, 10, ["epoch", "eval_gen_len", "eval_loss", "eval_rouge-1", "eval_rouge-2", "eval_rouge-l", "eval_runtime", "eval_samples_per_second", "eval_steps_per_second", "grad_norm", "learning_rate", "loss", "predict_gen_len", "predict_loss", "predict_rouge-1", "predict_rouge-2", "predict_rouge-l", "predict_runtime", "predict_samples_per_second", "predict_steps_per_second", "step", "total_flos", "train_loss", "train_runtime", "train_samples_per_second"], 1, 0),
        new TrainerStateRow("hf_trainer_state/CatherineYellow__Fine-Tuning-TinyLLaMA-1b-with-Clinical-Instruction-Data-with-QLoRA-Method/outputs/checkpoint-1000/trainer_state.json", 1000, 1000, 1000, 0, ["epoch", "learning_rate", "loss", "step"], 0, 0),
        new TrainerStateRow("hf_trainer_state/alexchilton__CAS_NLP_MODULE4_GRPO/lara/output_4090/wordle-grpo/checkpoint-400/trainer_state.json", 400, 400, 400, 0, ["clip_ratio/high_max", "clip_ratio/high_mean", "clip_ratio/low_mean", "clip_ratio/low_min", "clip_ratio/region_mean", "completions/clipped_ratio", "completions/max_length", "completions/max_terminated_length", "completions/mean_length", "completions/mean_terminated_length", "completions/min_length", "completions/min_terminated_length", "entropy", "epoch", "frac_reward_zero_std", "grad_norm", "kl", "learning_rate", "loss", "num_tokens", "reward", "reward_std", "rewards/wordle_reward_func/mean", "rewards/wordle_reward_func/std", "step"], 1, 0),
        new TrainerStateRow("hf_trainer_state/alexchilton__CAS_NLP_MODULE4_GRPO/expert_guy/threestage/stage2_output/checkpoint-160/trainer_state.json", 160, 168, 160, 8, ["clip_ratio/high_max", "clip_ratio/high_mean", "clip_ratio/low_mean", "clip_ratio/low_min", "clip_ratio/region_mean", "completions/clipped_ratio", "completions/max_length", "completions/max_terminated_length", "completions/mean_length", "completions/mean_terminated_length", "completions/min_length", "completions/min_terminated_length", "entropy", "epoch", "eval_clip_ratio/high_max", "eval_clip_ratio/high_mean", "eval_clip_ratio/low_mean", "eval_clip_ratio/low_min", "eval_clip_ratio/region_mean", "eval_completions/clipped_ratio", "eval_completions/max_length", "eval_completions/max_terminated_length", "eval_completions/mean_length", "eval_completions/mean_terminated_length", "eval_completions/min_length"], 25, 0),
        new TrainerStateRow("hf_trainer_state/ChenguangYang96UCR__KG-LLM/outputs/trainer_state.json", 120, 121, 120, 0, ["epoch", "grad_norm", "learning_rate", "loss", "step", "total_flos", "train_loss", "train_runtime", "train_samples_per_second", "train_steps_per_second"], 0, 3),
        new TrainerStateRow("hf_trainer_state/chandlerzuo__rlhf_recsys/outputs/trainer_state.json", 336, 34, 33, 0, ["epoch", "grad_norm", "learning_rate", "logits/chosen", "logits/rejected", "logps/chosen", "logps/rejected", "loss", "odds_ratio_loss", "rewards/accuracies", "rewards/chosen", "rewards/margins", "rewards/rejected", "sft_loss", "step", "total_flos", "train_loss", "train_runtime", "train_samples_per_second", "train_steps_per_second"], 0, 0),
        new TrainerStateRow("hf_trainer_state/MemaSp__FT-Llama2-HRChatbot/outputs/trainer_state.json", 70, 71, 70, 0, ["epoch", "grad_norm", "learning_rate", "loss", "step", "total_flos", "train_loss", "train_runtime", "train_samples_per_second", "train_steps_per_second"], 0, 1),
        new TrainerStateRow("hf_trainer_state/aaghaazkhan__law-llm/trainer_state.json", 692, 12, 6, 6, ["epoch", "eval_loss", "eval_runtime", "eval_samples_per_second", "eval_steps_per_second", "grad_norm", "learning_rate", "loss", "step"], 0, 0),
        new TrainerStateRow("hf_trainer_state/joshsalako__telelogs/checkpoint-200/trainer_state.json", 200, 200, 200, 0, ["clip_ratio/high_max", "clip_ratio/high_mean", "clip_ratio/low_mean", "clip_ratio/low_min", "clip_ratio/region_mean", "completion_length", "completions/clipped_ratio", "completions/max_length", "completions/max_terminated_length", "completions/mean_length", "completions/mean_terminated_length", "completions/min_length", "completions/min_terminated_length", "epoch", "frac_reward_zero_std", "grad_norm", "kl", "learning_rate", "loss", "num_tokens", "reward", "reward_std", "rewards/answer_reward/mean", "rewards/answer_reward/std", "rewards/format_reward/mean"], 4, 0),
        new TrainerStateRow("hf_trainer_state/wtwong316__alpaca-bitcoin-tweets-sentiment/checkpoint-300/trainer_state.json", 300, 36, 30, 6, ["epoch", "eval_loss", "eval_runtime", "eval_samples_per_second", "eval_steps_per_second", "learning_rate", "loss", "step"], 0, 0),
        new TrainerStateRow("hf_trainer_state/hiyouga__LLaMA-Factory/ChatGLM2-6B/lora/2023-08-04 exam-epoch-60/trainer_state.json", 1220, 257, 244, 12, ["epoch", "eval_loss", "eval_runtime", "eval_samples_per_second", "eval_steps_per_second", "learning_rate", "loss", "step", "total_flos", "train_loss", "train_runtime", "train_samples_per_second", "train_steps_per_second"], 0, 0),
        new TrainerStateRow("hf_trainer_state/hiyouga__LLaMA-Factory/news_analysis/checkpoint/checkpoint-900/trainer_state.json", 900, 99, 90, 9, ["epoch", "eval_loss", "eval_runtime", "eval_samples_per_second", "eval_steps_per_second", "grad_norm", "learning_rate", "loss", "step"], 0, 0),
        new TrainerStateRow("hf_trainer_state/huggingface__trl/kto_anthropic_hh/checkpoint-1000/trainer_state.json", 1000, 101, 101, 0, ["epoch", "grad_norm", "kl", "learning_rate", "logps/chosen", "logps/rejected", "loss", "rewards/chosen", "rewards/margins", "rewards/rejected", "step"], 0, 0),
        new TrainerStateRow("hf_trainer_state/keanuspies__lyric-generator-llm/outputs/checkpoint-3000/trainer_state.json", 3000, 3000, 3000, 0, ["epoch", "learning_rate", "loss", "step"], 0, 0),
    ];

    public static TheoryData<LlamaFactoryRow> LlamaFactoryLogs { get; } =
    [
        new LlamaFactoryRow("llamafactory/syGOAT__Mistral-v0.2-Translator-bf16/trainer_log.jsonl", 867, ["current_steps", "elapsed_time", "epoch", "learning_rate", "loss", "percentage", "remaining_time", "throughput", "total_steps", "total_tokens"], 10, 8660, 8660, 0, 1),
        new LlamaFactoryRow("llamafactory/hykun1989__360-LLaMA-Factory-grpo/trainer_log.jsonl", 202, ["accuracy", "current_steps", "elapsed_time", "epoch", "loss", "lr", "percentage", "remaining_time", "total_steps"], 1, 202, 5100, 0, 0),
        new LlamaFactoryRow("llamafactory/xueh88401-web__qwen2.5-7b-medical-finetune/trainer_log.jsonl", 689, ["current_steps", "elapsed_time", "epoch", "eval_loss", "loss", "lr", "percentage", "remaining_time", "total_steps"], 10, 6750, 6750, 13, 14),
        new LlamaFactoryRow("llamafactory/hsc748NLP__NSLLM/trainer_log.jsonl", 436, ["current_steps", "elapsed_time", "epoch", "loss", "lr", "percentage", "remaining_time", "total_steps"], 5, 2178, 2178, 0, 0),
        new LlamaFactoryRow("llamafactory/rameyjm7__SFT-Training-LLM/trainer_log.jsonl", 1360, ["current_steps", "elapsed_time", "epoch", "loss", "lr", "percentage", "remaining_time", "total_steps"], 10, 6565, 6566, 0, 703),
        new LlamaFactoryRow("llamafactory/AnthonyTang7__LLM-Assisted-RL/trainer_log.jsonl", 102, ["current_steps", "elapsed_time", "percentage", "remaining_time", "total_steps"], 5, 510, 512, 0, 0),
        new LlamaFactoryRow("llamafactory/hiyouga__LLaMA-Factory/ChatGLM2-6B/lora/2023-08-04 exam-epoch-60/trainer_log.jsonl", 258, ["current_steps", "elapsed_time", "epoch", "eval_loss", "learning_rate", "loss", "percentage", "predict_loss", "remaining_time", "reward", "total_steps"], 5, 1220, 1220, 13, 14),
    ];

    public static TheoryData<VerlConsoleRow> VerlConsoleLogs { get; } =
    [
        new VerlConsoleRow("verl/Bihan__dstack-configs/verl_demo.log", 2919, 335, 101, 435, 68, ["val-core/openai/gsm8k/reward/mean@1"]),
        new VerlConsoleRow("verl/yuzhaouoe__GUI-Cursor-Moving/verl_demo.log", 2631, 2, 1, 2, 69, []),
    ];

    public static TheoryData<LmEvalRow> LmEvalResults { get; } =
    [
        new LmEvalRow("lm_eval/EleutherAI__lm-evaluation-harness/bloom-1b1/bloom-1b1_common_sense_reasoning_0-shot.json", 12),
        new LmEvalRow("lm_eval/EleutherAI__lm-evaluation-harness/Qwen__Qwen2.5-1.5B/results_2025-03-03T00-05-12.300060.json", 78),
        new LmEvalRow("lm_eval/EleutherAI__lm-evaluation-harness/meta-llama__Meta-Llama-3-8B-Instruct/results_2024-08-21T03-44-09.494230.json", 1),
    ];

    private static RunLog ReadDetected(string relative, string format)
    {
        var path = Path.Combine(SharedData.RequireFolder("realworld"), relative);
        var result = LogIngest.Read([path], ReaderOptions.Default);
        var run = Assert.Single(result.Runs);
        Assert.Equal(format, run.Format);
        return run;
    }

    private static int NonFinite(RunLog run) => run.Series.Sum(s => s.Points.Count(p => !double.IsFinite(p.Value)));

    /// <summary>Keys named in per-key skip reasons ("null value of 'k'", "non-numeric value of 'k'").</summary>
    private static HashSet<string> SkippedKeys(RunLog run, string reasonPrefix)
        => run.Skipped.Where(s => s.Reason.StartsWith(reasonPrefix, StringComparison.Ordinal))
            .Select(s => s.Reason[(reasonPrefix.Length + 2)..^1])
            .ToHashSet(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(TrainerStates))]
    public void Real_trainer_state_json_is_read_with_the_entries_and_keys_SOURCES_lists(TrainerStateRow row)
    {
        // When
        var run = ReadDetected(row.File, Formats.TrainerState);

        // Then
        Assert.Equal(row.GlobalStep.ToString(System.Globalization.CultureInfo.InvariantCulture), run.Metadata["global_step"]);
        Assert.Equal(row.Entries.ToString(System.Globalization.CultureInfo.InvariantCulture), run.Metadata["log_history_entries"]);
        Assert.Equal(row.WithLoss, run.Find("loss")?.Count ?? 0);
        Assert.Equal(row.WithEvalLoss, run.Find("eval_loss")?.Count ?? 0);
        var keys = run.Series.Select(s => s.Key).Append("step").ToHashSet(StringComparer.Ordinal);

        // total_flos and num_input_tokens_seen also come from the top level, so only log_history keys are compared.
        keys.ExceptWith(run.Series.Where(s => s.Key is "total_flos" or "num_input_tokens_seen" && !row.Keys.Contains(s.Key)).Select(s => s.Key));
        Assert.Empty(row.Keys.Except(keys));
        Assert.Equal(row.Keys.Length + row.MoreKeys, keys.Count);
        Assert.Equal(row.NonFinite, NonFinite(run));

        // TRL writes "total_flos": 0 when it does not count FLOPs: absent, and counted as such; nothing else is skipped.
        var zeroFlops = System.Text.RegularExpressions.Regex.Count(File.ReadAllText(Path.Combine(SharedData.RequireFolder("realworld"), row.File)), "\"total_flos\": 0(\\.0)?[,\\s]");
        Assert.Equal(zeroFlops, run.Skipped.SingleOrDefault(s => s.Reason == UncountedFlops.Reason)?.Count ?? 0);
        Assert.All(run.Skipped, s => Assert.Equal(UncountedFlops.Reason, s.Reason));
        Assert.All(run.WithCanonical(CanonicalSeries.Flops).SelectMany(s => s.Points), p => Assert.NotEqual(0.0, p.Value));
    }

    [Theory]
    [MemberData(nameof(LlamaFactoryLogs))]
    public void Real_LLaMA_Factory_trainer_log_is_read_with_the_lines_steps_and_repeats_SOURCES_lists(LlamaFactoryRow row)
    {
        // When
        var run = ReadDetected(row.File, Formats.LlamaFactory);

        // Then
        var repeated = run.Skipped.SingleOrDefault(s => s.Reason.StartsWith("line repeats", StringComparison.Ordinal))?.Count ?? 0;
        Assert.Equal(row.Repeated, repeated);
        Assert.Equal(row.Lines, int.Parse(run.Metadata["lines_with_steps"], System.Globalization.CultureInfo.InvariantCulture) + repeated);
        Assert.Equal(row.TotalSteps.ToString(System.Globalization.CultureInfo.InvariantCulture), run.Metadata["total_steps"]);
        var steps = run.Series.SelectMany(s => s.Points).Select(p => p.Step).ToList();
        Assert.Equal(row.FirstStep, steps.Min());
        Assert.Equal(row.LastStep, steps.Max());
        Assert.Equal(row.EvalLossLines, run.Find("eval_loss")?.Count ?? 0);
        var keys = run.Series.Select(s => s.Key).Concat(SkippedKeys(run, "null value of"))
            .Concat(["current_steps", "total_steps", "elapsed_time", "remaining_time"]).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(row.Keys.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
        Assert.All(run.Series.SelectMany(s => s.Points), p => Assert.NotNull(p.WallTime));
    }

    [Theory]
    [MemberData(nameof(VerlConsoleLogs))]
    public void Real_verl_console_log_is_read_with_the_metric_lines_and_keys_SOURCES_lists(VerlConsoleRow row)
    {
        // When
        var run = ReadDetected(row.File, Formats.VerlConsole);

        // Then
        Assert.Equal(row.MetricLines.ToString(System.Globalization.CultureInfo.InvariantCulture), run.Metadata["metric_lines"]);
        Assert.Equal(row.ConsoleLines - row.MetricLines, run.Skipped.Single(s => s.Reason == "non-metric console line").Count);
        Assert.Equal(row.DistinctKeys, run.Series.Count);
        var steps = run.Series.SelectMany(s => s.Points).Select(p => p.Step).ToList();
        Assert.Equal(row.FirstStep, steps.Min());
        Assert.Equal(row.LastStep, steps.Max());
        Assert.Equal(row.ValKeys, run.Series.Where(s => s.Key.StartsWith("val-", StringComparison.Ordinal)).Select(s => s.Key));
        Assert.All(row.ValKeys, key => Assert.Equal(CanonicalSeries.RlValScore, run.Find(key)!.Canonical));
        Assert.Equal(row.MetricLines, run.WithCanonical(CanonicalSeries.RlTrainReward).Single().Count);
    }

    [Fact]
    public void Real_verl_FileLogger_jsonl_is_read_with_its_records_keys_nulls_and_strings()
    {
        // Given SOURCES.md: 4 records, steps [0, 1, 2, 3]; 147 metric keys; val keys: 5; null values: 24; string values: 30
        // When
        var run = ReadDetected("verl/HanlinDu__verl/verl_examples/gsm8k.jsonl", Formats.VerlJsonl);

        // Then
        var keys = run.Series.Select(s => s.Key).Concat(SkippedKeys(run, "non-numeric value of")).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(147, keys.Count);
        Assert.Equal(5, keys.Count(k => k.StartsWith("val-", StringComparison.Ordinal)));
        Assert.Equal(24, NonFinite(run));
        Assert.Equal(30, run.Skipped.Where(s => s.Reason.StartsWith("non-numeric value of", StringComparison.Ordinal)).Sum(s => s.Count));
        Assert.Equal([0L, 1, 2, 3], run.Series.SelectMany(s => s.Points).Select(p => p.Step).Distinct().Order());
        Assert.Equal("openai/gsm8k", Assert.Single(run.WithCanonical(CanonicalSeries.RlValScore)).Benchmark);
    }

    [Theory]
    [MemberData(nameof(LmEvalResults))]
    public void Real_lm_eval_results_are_read_with_every_task_SOURCES_lists(LmEvalRow row)
    {
        // When
        var run = ReadDetected(row.File, Formats.LmEval);

        // Then
        Assert.Equal(row.Tasks, run.Series.Where(s => !run.Metadata.ContainsKey($"groups.{s.Key}")).Select(s => s.Key.Split('/')[0]).Distinct().Count());
        Assert.All(run.Series.SelectMany(s => s.Points), p => Assert.Equal(0, p.Step));
        Assert.NotEmpty(run.WithCanonical(CanonicalSeries.BenchmarkScore));
    }

    [Fact]
    public void Real_ms_swift_logging_jsonl_is_read_with_its_steps_and_eval_line()
    {
        // Given SOURCES.md: 3 lines; steps 10..20; non-null eval_loss lines: 1; 1 repeated step values
        // When
        var run = ReadDetected("ms_swift/modelscope__ms-swift/baichuan2-7b-chat/v3-20230918-120111/logging.jsonl", Formats.MsSwift);

        // Then
        Assert.Equal(["epoch", "eval_loss", "eval_runtime", "eval_samples_per_second", "eval_steps_per_second", "learning_rate", "loss"], run.Series.Select(s => s.Key));
        Assert.Equal([10L, 20], run.Find("loss")!.Points.Select(p => p.Step));
        Assert.Equal(1, run.Find("eval_loss")!.Count);
        Assert.Equal(1, run.Skipped.Single(s => s.Reason.StartsWith("line repeats", StringComparison.Ordinal)).Count);
    }

    [Fact]
    public void Walking_the_whole_realworld_folder_reads_every_text_log_and_fails_on_none()
    {
        // Given
        var root = SharedData.RequireFolder("realworld");
        var textFolders = new[] { "hf_trainer_state", "llamafactory", "verl", "lm_eval", "ms_swift" };

        // When
        var result = LogIngest.Read(textFolders.Select(f => Path.Combine(root, f)));

        // Then 20 trainer_state files (18 run folders), 7 + 3 + 3 + 1 other logs; nothing left unread
        Assert.Empty(result.Failures);
        Assert.Empty(result.Unrecognised);
        Assert.Equal(20, result.Runs.Where(r => r.Format == Formats.TrainerState).Sum(r => int.Parse(r.Metadata.GetValueOrDefault("files", "1"), System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(7, result.Runs.Count(r => r.Format == Formats.LlamaFactory));
        Assert.Equal(2, result.Runs.Count(r => r.Format == Formats.VerlConsole));
        Assert.Equal(1, result.Runs.Count(r => r.Format == Formats.VerlJsonl));
        Assert.Equal(3, result.Runs.Count(r => r.Format == Formats.LmEval));
        Assert.Equal(1, result.Runs.Count(r => r.Format == Formats.MsSwift));
    }
}
