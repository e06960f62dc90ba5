
namespace Headroom.Ingest.Tests;

/// <summary>
/// Every TensorBoard file in ../shared/realworld, read with the counts ../shared/realworld/SOURCES.md
/// lists for it (records, tags, step range, eval/val tags), transcribed here by hand. SOURCES.md
/// lists the non-scalar (text/hparams) tags only where its tag list is complete; for the truncated
/// lists the count (two HF text summaries, args and model_config) was read with an independent
/// Python decoder of the same files.
/// </summary>
public sealed class RealWorldTensorBoardTests
{
    /// <summary>One row of SOURCES.md: the file, its record count, its tag count, how many of those tags are non-scalar (text/hparams), the last step, and the eval/val tag count.</summary>
    public sealed record Expectation(string File, int Records, int Tags, int NonScalarTags, long? MaxStep, int EvalTags, string[] SomeTags)
    {
        public override string ToString() => File.Split('/')[0] + " " + System.IO.Path.GetFileName(File)[..40];
    }

    public static TheoryData<Expectation> Files() =>
    [
        new Expectation("CatherineYellow__Fine-Tuning-TinyLLaMA-1b-with-Clinical-Instruction-Data-with-QLoRA-Method/Dec05_05-05-28_51bfe24db250/events.out.tfevents.1701752728.51bfe24db250.244.1",
            3009, 10, 2, 1000, 0, ["train/epoch", "train/learning_rate", "train/loss", "train/total_flos", "train/train_loss", "train/train_runtime", "train/train_samples_per_second", "train/train_steps_per_second"]),
        new Expectation("CatherineYellow__Fine-Tuning-TinyLLaMA-1b-with-Clinical-Instruction-Data-with-QLoRA-Method/Dec11_09-32-21_acef13eee0ce/events.out.tfevents.1702287143.acef13eee0ce.296.0",
            159, 10, 2, 50, 0, ["train/epoch", "train/learning_rate", "train/loss", "train/total_flos", "train/train_loss", "train/train_runtime", "train/train_samples_per_second", "train/train_steps_per_second"]),
        new Expectation("alexchilton__CAS_NLP_MODULE4_GRPO/lara/4070/output5/wordle-grpo-rtx4070/logs/events.out.tfevents.1767724543.lara_TUF.34196.0",
            15903, 27, 2, 636, 0, ["train/clip_ratio/high_max", "train/clip_ratio/high_mean", "train/clip_ratio/low_mean", "train/clip_ratio/low_min", "train/clip_ratio/region_mean", "train/completions/clipped_ratio", "train/completions/max_length", "train/completions/max_terminated_length", "train/completions/mean_length", "train/completions/mean_terminated_length", "train/completions/min_length", "train/completions/min_terminated_length"]),
        new Expectation("alexchilton__CAS_NLP_MODULE4_GRPO/expert_guy/threestage/stage2_output/logs/events.out.tfevents.1766306229.Mac.13809.0",
            4203, 51, 2, 160, 24, ["eval/clip_ratio/high_max", "eval/clip_ratio/high_mean", "eval/clip_ratio/low_mean", "eval/clip_ratio/low_min", "eval/clip_ratio/region_mean", "eval/completions/clipped_ratio", "eval/completions/max_length", "eval/completions/max_terminated_length", "eval/completions/mean_length", "eval/completions/mean_terminated_length", "eval/completions/min_length", "eval/completions/min_terminated_length", "eval/entropy"]),
        new Expectation("wtwong316__alpaca-bitcoin-tweets-sentiment/runs/Apr26_11-44-26_dsrc-server/events.out.tfevents.1682480667.dsrc-server",
            129, 14, 2, 300, 4, ["eval/loss", "eval/runtime", "eval/samples_per_second", "eval/steps_per_second", "train/epoch", "train/learning_rate", "train/loss", "train/total_flos", "train/train_loss", "train/train_runtime", "train/train_samples_per_second", "train/train_steps_per_second"]),
        new Expectation("wtwong316__alpaca-bitcoin-tweets-sentiment/runs/Apr26_11-44-26_dsrc-server/1682480667.134984/events.out.tfevents.1682480667.dsrc-server",
            4, 3, 3, null, 0, []),
        new Expectation("volcengine__verl/gsm8k_qwen2_7b_base/events.out.tfevents.1752749475.TENCENT64.site.3367803.0",
            6259, 63, 0, 105, 2, ["actor/entropy", "actor/grad_norm", "actor/kl_coef", "actor/kl_loss", "actor/lr", "actor/pg_clipfrac", "actor/pg_clipfrac_lower", "actor/pg_loss", "actor/ppo_kl", "critic/advantages/max", "critic/advantages/mean", "critic/advantages/min", "critic/returns/max", "critic/returns/mean"]),
        new Expectation("volcengine__verl/my_DAPO/DAPO-Qwen2-7B-Test/events.out.tfevents.1753081751.p-phy-zy-daxing-kt-lc-a800-node-prod-15-172.1007027.0",
            2094, 153, 0, 31, 96, ["actor/entropy", "actor/grad_norm", "actor/lr", "actor/pg_clipfrac", "actor/pg_clipfrac_lower", "actor/pg_loss", "actor/ppo_kl", "critic/advantages/max", "critic/advantages/mean", "critic/advantages/min", "critic/returns/max", "critic/returns/mean", "critic/returns/min", "critic/rewards/max"]),
        new Expectation("modelscope__ms-swift/baichuan2-7b-chat/v3-20230918-120111/runs/Sep18_12-01-11_dsw-5947-58dfc4b7f-djfjd/events.out.tfevents.1695009672.dsw-5947-58dfc4b7f-djfjd.2825528.0",
            14, 9, 2, 20, 4, ["eval/loss", "eval/runtime", "eval/samples_per_second", "eval/steps_per_second", "train/epoch", "train/learning_rate", "train/loss"]),
        new Expectation("modelscope__ms-swift/baichuan2-7b-chat/v4-20230918-121055/runs/Sep18_12-10-55_dsw-5947-58dfc4b7f-djfjd/events.out.tfevents.1695010256.dsw-5947-58dfc4b7f-djfjd.2830612.0",
            1, 0, 0, null, 0, []),
        new Expectation("wisdom-pan__ChatGLM-LoRA/chatGLM_6B_QLoRA_t32/runs/Jul18_17-45-13_notebook-gouxiaopan1-chatglm2-lora-l7ql-0/events.out.tfevents.1689673548.notebook-gouxiaopan1-chatglm2-lora-l7ql-0.654.0",
            9, 8, 2, 1, 0, ["train/epoch", "train/total_flos", "train/train_loss", "train/train_runtime", "train/train_samples_per_second", "train/train_steps_per_second"]),
    ];

    [Theory]
    [MemberData(nameof(Files))]
    public void Real_event_file_is_read_with_the_counts_SOURCES_lists(Expectation expected)
    {
        // Given
        var file = Path.Combine(SharedData.RequireFolder("realworld"), "tensorboard", expected.File);

        // When
        var run = Assert.Single(new TensorBoardReader().Read(file, new ReaderOptions { BadRecords = BadRecordPolicy.Strict }));

        // Then
        Assert.Equal(expected.Records.ToString(System.Globalization.CultureInfo.InvariantCulture), run.Metadata["records"]);
        Assert.Equal(expected.Tags - expected.NonScalarTags, run.Series.Count);
        Assert.Equal(expected.NonScalarTags, run.Skipped.Sum(s => s.Count));
        Assert.All(run.Skipped, s => Assert.Matches(@"^non-scalar summary \((text|hparams)\)$", s.Reason));
        Assert.Equal(expected.MaxStep, run.Series.Count == 0 ? null : run.Series.Max(s => s.Points[^1].Step));
        Assert.Equal(expected.EvalTags, run.Series.Count(s => s.Key.StartsWith("eval", StringComparison.Ordinal) || s.Key.StartsWith("val", StringComparison.Ordinal)));
        Assert.All(expected.SomeTags, tag => Assert.NotNull(run.Find(tag)));
        Assert.All(run.Series, s => Assert.True(s.Count > 0));
    }

    [Fact]
    public void Real_HF_training_arguments_text_becomes_metadata()
    {
        // Given the 2023 alpaca-lora run, whose args text summary says output_dir "experiments" and batch size 4
        var file = Path.Combine(SharedData.RequireFolder("realworld"), "tensorboard", "wtwong316__alpaca-bitcoin-tweets-sentiment/runs/Apr26_11-44-26_dsrc-server/events.out.tfevents.1682480667.dsrc-server");

        // When
        var run = Assert.Single(new TensorBoardReader().Read(file, ReaderOptions.Default));

        // Then
        Assert.Equal("experiments", run.Metadata["config.output_dir"]);
        Assert.Equal("4", run.Metadata["config.per_device_train_batch_size"]);
        Assert.Equal("steps", run.Metadata["config.evaluation_strategy"]);
    }

    [Fact]
    public void Real_run_folders_are_found_and_every_scalar_event_lands_in_a_series()
    {
        // Given every event file: 11 files in 10 run folders
        var root = Path.Combine(SharedData.RequireFolder("realworld"), "tensorboard");

        // When
        var runs = new TensorBoardReader().Read(root, ReaderOptions.Default);

        // Then each scalar event holds one value, so records = 1 header per file + scalars + non-scalars
        Assert.Equal(11, runs.Count);
        var records = runs.Sum(r => long.Parse(r.Metadata["records"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(3009 + 159 + 15903 + 4203 + 129 + 4 + 6259 + 2094 + 14 + 1 + 9, records);
    }
}
