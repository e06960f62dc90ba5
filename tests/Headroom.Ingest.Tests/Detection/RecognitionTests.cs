namespace Headroom.Ingest.Tests.Detection;

/// <summary>
/// Issue 9: logs are recognised by their content when the name says nothing, `--format-hint` reads every single file
/// of a format, and a cut or empty file whose format is known (by hint, name or content) is an error with its
/// position, never "no reader recognises".
/// </summary>
public sealed class RecognitionTests
{
    private static string Real(string relative) => Path.Combine(SharedData.RequireFolder("realworld"), relative);

    [Theory]
    [InlineData("lm_eval/EleutherAI__lm-evaluation-harness/meta-llama__Meta-Llama-3-8B-Instruct/results_2024-08-21T03-44-09.494230.json", "asdiv-eval.json", Formats.LmEval)]
    [InlineData("hf_trainer_state/aaghaazkhan__law-llm/trainer_state.json", "state-copy.json", Formats.TrainerState)]
    [InlineData("tensorboard/wisdom-pan__ChatGLM-LoRA/chatGLM_6B_QLoRA_t32/runs/Jul18_17-45-13_notebook-gouxiaopan1-chatglm2-lora-l7ql-0/events.out.tfevents.1689673548.notebook-gouxiaopan1-chatglm2-lora-l7ql-0.654.0", "events.bin", "tensorboard")]
    [InlineData("wandb/hiyouga__LLaMA-Factory/run-20240416_154045-shmrcbfs/run-shmrcbfs.wandb", "datastore.bin", "wandb")]
    public void A_real_log_under_another_name_is_recognised_by_its_content(string relative, string name, string format)
    {
        // Given
        using var temp = new TempFolder();
        var file = temp.WriteBytes(name, File.ReadAllBytes(Real(relative)));

        // When
        var run = Assert.Single(LogIngest.Read([file]).Runs);

        // Then
        Assert.Equal(format, run.Format);
        Assert.NotEmpty(run.Series);
    }

    [Fact]
    public void A_cut_lm_eval_file_under_another_name_and_an_empty_results_file_give_their_position()
    {
        // Given a real results file cut after 3000 bytes, and an empty results_*.json
        using var temp = new TempFolder();
        var bytes = File.ReadAllBytes(Real("lm_eval/EleutherAI__lm-evaluation-harness/meta-llama__Meta-Llama-3-8B-Instruct/results_2024-08-21T03-44-09.494230.json"));
        var cut = temp.WriteBytes("my-eval.json", bytes[..3000]);
        var empty = temp.Write("results_2025-01-01T00-00-00.json", string.Empty);

        // When
        var cutError = Assert.Throws<IngestException>(() => LogIngest.Read([cut]));
        var emptyError = Assert.Throws<IngestException>(() => LogIngest.Read([empty]));

        // Then
        Assert.StartsWith($"{cut}: line ", cutError.Message, StringComparison.Ordinal);
        Assert.Contains("malformed JSON", cutError.Message, StringComparison.Ordinal);
        Assert.Equal($"{empty}: the file is empty.", emptyError.Message);
    }

    [Fact]
    public void A_verl_console_log_without_metric_lines_says_so_instead_of_no_reader_recognises()
    {
        // Given verl's start-up output before the first step
        using var temp = new TempFolder();
        var log = temp.Write("verl_demo.log", "(TaskRunner pid=123) Using dataset class: RLHFDataset\n(TaskRunner pid=123) Size of train dataloader: 58\n");

        // When
        var error = Assert.Throws<IngestException>(() => LogIngest.Read([log]));

        // Then
        Assert.Equal($"{log}: no usable record: no 'step:N - key:value' line among its 2 lines.", error.Message);
    }

    [Fact]
    public void The_wandb_hint_reads_each_file_of_a_real_run_folder_and_the_files_folder_reads_its_run()
    {
        // Given a real W&B run folder (HF Trainer, 2023)
        var folder = Real("wandb/wisdom-pan__ChatGLM-LoRA/run-20230718_112937-9dandmr4");
        var hint = ReaderOptions.Default with { FormatHint = "wandb" };

        // When
        var summary = Assert.Single(LogIngest.Read([Path.Combine(folder, "files", "wandb-summary.json")], hint).Runs);
        var config = Assert.Single(LogIngest.Read([Path.Combine(folder, "files", "config.yaml")], hint).Runs);
        var files = Assert.Single(LogIngest.Read([Path.Combine(folder, "files")]).Runs);

        // Then the summary's numbers, the config's facts, and the whole run from files/
        Assert.Equal(CanonicalSeries.TrainLossMean, summary.Find("train/train_loss")!.Canonical);
        Assert.Equal(2.663780450820923, summary.Find("train/train_loss")!.Points.Single().Value);
        Assert.Empty(config.Series);
        Assert.Contains(config.Metadata.Keys, key => key.StartsWith("config.", StringComparison.Ordinal));
        Assert.Equal(folder, files.Path);
        Assert.Equal("wandb", files.Format);
    }

    [Fact]
    public void The_wandb_hint_on_an_empty_or_cut_summary_gives_its_position()
    {
        // Given
        using var temp = new TempFolder();
        var empty = temp.Write("a/files/wandb-summary.json", string.Empty);
        var cut = temp.Write("b/files/wandb-summary.json", "{\"train/loss\": 1.5,\n\"train/epo");
        var hint = ReaderOptions.Default with { FormatHint = "wandb" };

        // When / Then
        Assert.Equal($"{empty}: the file is empty.", Assert.Throws<IngestException>(() => LogIngest.Read([empty], hint)).Message);
        Assert.StartsWith($"{cut}: line 2: the JSON breaks off", Assert.Throws<IngestException>(() => LogIngest.Read([cut], hint)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_verl_line_cut_at_the_wandb_limit_reports_the_keys_it_lost_and_names_the_datastore()
    {
        // Given a W&B run folder whose datastore holds steps 1 and 2, and whose output.log copy of verl's console
        // holds step 1 whole and step 2 (a validation step) cut at 4096 characters inside its val-core key
        using var temp = new TempFolder();
        var run = temp.Folder("wandb/run-20250101_000000-abc123");
        using (var writer = new WandbDatastoreWriter(Path.Combine(run, "run-abc123.wandb")))
        {
            writer.History(1, ("actor/pg_loss", "0.5"), ("critic/score/mean", "0.25"));
            writer.History(2, ("actor/pg_loss", "0.4"), ("critic/score/mean", "0.5"), ("val-core/openai/gsm8k/acc/mean@1", "0.71"));
        }

        var padding = string.Concat(Enumerable.Range(0, 400).Select(i => $" - timing_s/x{i}:1.0"));
        var cutLine = ("step:2 - actor/pg_loss:0.4 - critic/score/mean:0.5" + padding + " - val-core/openai/gsm8k/acc/mean@1:0.71")[..4096];
        var log = temp.Write("wandb/run-20250101_000000-abc123/files/output.log", "step:1 - actor/pg_loss:0.5 - critic/score/mean:0.25\n" + cutLine + "\n");

        // When
        var read = Assert.Single(LogIngest.Read([log]).Runs);

        // Then the values before the cut are kept, the broken pair is not read, and the loss is reported
        Assert.Equal([0.5, 0.4], read.Find("actor/pg_loss")!.Points.Select(p => p.Value));
        var skipped = Assert.Single(read.Skipped, s => s.Reason.StartsWith("metric line cut at W&B's 4096-character limit", StringComparison.Ordinal));
        Assert.Equal(1, skipped.Count);
        Assert.Contains("'val-core/openai/gsm8k/acc/mean@1'", skipped.Reason, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(run, "run-abc123.wandb"), skipped.Reason, StringComparison.Ordinal);
        Assert.Equal($"{log}: line 2", skipped.FirstLocation);
        Assert.Null(read.Find("val-core/openai/gsm8k/acc/mean@1"));
    }
}
