using System.Text;
using Headroom.Ingest.Tests.Data;

namespace Headroom.Ingest.Tests.TrainerState;

public sealed class TrainerStateReaderTests
{
    private static RunLog ReadOne(string path, ReaderOptions? options = null)
        => Assert.Single(new TrainerStateReader().Read(path, options ?? ReaderOptions.Default));

    [Fact]
    public void Reader_reads_every_log_history_entry_written_by_HF_4_46_save_to_json()
    {
        // Given an SFT run of 200 steps logged every 10, evaluated every 50, as transformers 4.46 writes it
        using var temp = new TempFolder();
        var sim = new HfTrainerSimulation(HfTrainerSimulation.Version.V4_46);
        sim.RunSft(200);
        var file = temp.Write("out/trainer_state.json", sim.SaveToJson());

        // When
        var run = ReadOne(file);

        // Then every train step, eval step and the final summary are series, with canonical names
        var loss = Assert.Single(run.WithCanonical(CanonicalSeries.SftTrainLoss));
        Assert.Equal("loss", loss.Key);
        Assert.Equal(20, loss.Count);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => i * 10L), loss.Points.Select(p => p.Step));
        Assert.All(loss.Points, p => Assert.Equal(HfTrainerSimulation.TrainLoss(p.Step), p.Value));
        var eval = Assert.Single(run.WithCanonical(CanonicalSeries.SftValLoss));
        Assert.Equal([50L, 100, 150, 200], eval.Points.Select(p => p.Step));
        Assert.All(eval.Points, p => Assert.Equal(HfTrainerSimulation.EvalLoss(p.Step), p.Value));
        Assert.Equal("learning_rate", Assert.Single(run.WithCanonical(CanonicalSeries.LearningRate)).Key);
        Assert.Equal("grad_norm", Assert.Single(run.WithCanonical(CanonicalSeries.GradNorm)).Key);
        Assert.Equal(20, run.Find("epoch")!.Count);
        var flops = Assert.Single(run.WithCanonical(CanonicalSeries.Flops));
        Assert.Equal(200, Assert.Single(flops.Points).Step);
        Precision.AssertClose(200 * sim.FlosPerStep, flops.Points[0].Value, 12);
        Assert.Equal(1.0123, Assert.Single(run.Find("train_loss")!.Points).Value);
        Assert.Equal(CanonicalSeries.TrainLossMean, run.Find("train_loss")!.Canonical);
        Assert.Empty(run.Skipped);
        Assert.Equal("out", run.Name);
    }

    [Fact]
    public void Reader_keeps_top_level_fields_of_HF_4_51_as_metadata()
    {
        // Given
        using var temp = new TempFolder();
        var sim = new HfTrainerSimulation(HfTrainerSimulation.Version.V4_51);
        sim.RunSft(120);
        var file = temp.Write("trainer_state.json", sim.SaveToJson());

        // When
        var run = ReadOne(file);

        // Then
        Assert.Equal("120", run.Metadata["global_step"]);
        Assert.Equal("8", run.Metadata["train_batch_size"]);
        Assert.Equal("10", run.Metadata["logging_steps"]);
        Assert.Equal("50", run.Metadata["eval_steps"]);
        Assert.Equal("null", run.Metadata["best_metric"]);
        Assert.Equal("null", run.Metadata["best_global_step"]);
        Assert.Equal("true", run.Metadata["stateful_callbacks.TrainerControl.args.should_save"]);
        Assert.Equal("1.2", run.Metadata["epoch"]);

        // The cumulative tokens at the state's global step are a point too (num_input_tokens_seen > 0).
        var tokens = Assert.Single(run.WithCanonical(CanonicalSeries.Tokens));
        Assert.Equal(new MetricPoint(120, 120 * 4096.0), Assert.Single(tokens.Points));
    }

    [Fact]
    public void Reader_reads_bare_NaN_and_Infinity_that_python_json_dumps_writes_for_a_diverging_grad_norm()
    {
        // Given grad_norm NaN at step 10 and Infinity at step 20 (fp16 overflow), -Infinity at 30
        using var temp = new TempFolder();
        var sim = new HfTrainerSimulation(HfTrainerSimulation.Version.V4_46);
        sim.RunSft(40, step => step switch { 10 => double.NaN, 20 => double.PositiveInfinity, 30 => double.NegativeInfinity, _ => 1.5 });
        var text = sim.SaveToJson();
        Assert.Contains("\"grad_norm\": NaN", text, StringComparison.Ordinal);
        var file = temp.Write("trainer_state.json", text);

        // When
        var run = ReadOne(file);

        // Then
        var grad = run.Find("grad_norm")!.Points;
        Assert.True(double.IsNaN(grad[0].Value));
        Assert.Equal(double.PositiveInfinity, grad[1].Value);
        Assert.Equal(double.NegativeInfinity, grad[2].Value);
        Assert.Equal(1.5, grad[3].Value);
    }

    [Fact]
    public void Reader_reads_a_file_with_CRLF_line_endings_like_one_with_LF()
    {
        // Given the same state saved on Windows (text mode turns \n into \r\n)
        using var temp = new TempFolder();
        var sim = new HfTrainerSimulation(HfTrainerSimulation.Version.V4_46);
        sim.RunSft(100);
        var lf = temp.Write("lf/trainer_state.json", sim.SaveToJson());
        var crlf = temp.Write("crlf/trainer_state.json", sim.SaveToJson().Replace("\n", "\r\n"));

        // When
        var a = ReadOne(lf);
        var b = ReadOne(crlf);

        // Then
        Assert.Equal(a.Series.Select(s => (s.Key, s.Canonical, s.Points.Count)), b.Series.Select(s => (s.Key, s.Canonical, s.Points.Count)));
        Assert.Equal(a.Series.SelectMany(s => s.Points.Select(p => p.Value)), b.Series.SelectMany(s => s.Points.Select(p => p.Value)));
    }

    [Fact]
    public void Reader_reads_the_old_HF_4_28_schema_without_grad_norm_and_with_rounded_epochs()
    {
        // Given
        using var temp = new TempFolder();
        var sim = new HfTrainerSimulation(HfTrainerSimulation.Version.V4_28) { StepsPerEpoch = 30 };
        sim.RunSft(100);
        var file = temp.Write("trainer_state.json", sim.SaveToJson());

        // When
        var run = ReadOne(file);

        // Then
        Assert.Null(run.Find("grad_norm"));
        Assert.Equal(10, run.Find("loss")!.Count);
        Assert.Equal(0.33, run.Find("epoch")!.Points[0].Value);
        Assert.False(run.Metadata.ContainsKey("logging_steps"));
    }

    [Fact]
    public void Reader_maps_several_eval_sets_to_sft_val_loss_per_benchmark()
    {
        // Given eval_dataset={"gsm8k": ..., "math": ...}: keys eval_gsm8k_loss and eval_math_loss
        using var temp = new TempFolder();
        var sim = new HfTrainerSimulation(HfTrainerSimulation.Version.V4_46);
        sim.RunSft(100, evalSets: ["gsm8k", "math"]);
        var file = temp.Write("trainer_state.json", sim.SaveToJson());

        // When
        var run = ReadOne(file);

        // Then
        var losses = run.WithCanonical(CanonicalSeries.SftValLoss).OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(["eval_gsm8k_loss", "eval_math_loss"], losses.Select(s => s.Key));
        Assert.Equal(["gsm8k", "math"], losses.Select(s => s.Benchmark));
        Assert.Equal(HfTrainerSimulation.EvalLoss(50) + 0.05, losses[0].Points[0].Value, 12);
    }

    [Fact]
    public void Run_folder_merges_root_and_checkpoints_and_the_last_value_per_step_wins_after_a_resume()
    {
        // Given a run saved at 100 and 200, crashed at 230, resumed from checkpoint-200 and finished at 300:
        // the resumed log_history re-logs steps 210..230 with new values.
        using var temp = new TempFolder();
        var first = new HfTrainerSimulation(HfTrainerSimulation.Version.V4_46, maxSteps: 300);
        first.RunSft(100);
        temp.Write("run/checkpoint-100/trainer_state.json", first.SaveToJson());
        temp.Write("run/checkpoint-100/model.safetensors", "weights");
        first.RunSft(200);
        var at200 = first.SaveToJson();
        temp.Write("run/checkpoint-200/trainer_state.json", at200);
        var resumed = new HfTrainerSimulation(HfTrainerSimulation.Version.V4_46, maxSteps: 300);
        resumed.RunSft(200);
        resumed.RunSft(300);
        foreach (var entry in resumed.LogHistory.Where(e => (long)e["step"]! is > 200 and <= 230 && e.ContainsKey("loss")))
        {
            entry["loss"] = 9.0;
        }

        temp.Write("run/checkpoint-300/trainer_state.json", resumed.SaveToJson());
        temp.Write("run/trainer_state.json", resumed.SaveToJson());

        // When
        var run = ReadOne(temp.Combine("run"));

        // Then one run, all steps once, the resumed values kept
        var loss = run.Find("loss")!;
        Assert.Equal(30, loss.Count);
        Assert.Equal(9.0, loss.Points.Single(p => p.Step == 220).Value);
        Assert.Equal(HfTrainerSimulation.TrainLoss(240), loss.Points.Single(p => p.Step == 240).Value);
        var flops = run.Find("total_flos")!;
        Assert.Equal([100L, 200, 300], flops.Points.Select(p => p.Step));
        Assert.Equal("4", run.Metadata["files"]);
        Assert.Equal("100, 200, 300", run.Metadata["checkpoints"]);
        Assert.Equal("run", run.Name);
    }

    [Fact]
    public void Reader_maps_TRL_0_14_GRPO_keys_and_does_not_call_the_policy_loss_an_SFT_loss()
    {
        // Given GRPOTrainer 0.14 keys (completion_length, rewards/<func>, reward, kl)
        using var temp = new TempFolder();
        var sim = new HfTrainerSimulation(HfTrainerSimulation.Version.V4_46);
        for (var i = 0; i < 5; i++)
        {
            sim.Step();
            sim.Log(new Dictionary<string, object?>
            {
                ["completion_length"] = 180.5 + i,
                ["grad_norm"] = 0.3,
                ["kl"] = 0.001 * i,
                ["learning_rate"] = 1e-6,
                ["loss"] = 0.0,
                ["reward"] = 0.1 * i,
                ["reward_std"] = 0.2,
                ["rewards/accuracy_reward"] = 0.1 * i,
            });
        }

        var file = temp.Write("trainer_state.json", sim.SaveToJson());

        // When
        var run = ReadOne(file);

        // Then
        Assert.Null(run.Find("loss")!.Canonical);
        Assert.Equal("reward", Assert.Single(run.WithCanonical(CanonicalSeries.RlTrainReward)).Key);
        Assert.Equal("completion_length", Assert.Single(run.WithCanonical(CanonicalSeries.ResponseLength)).Key);
        Assert.Equal("kl", Assert.Single(run.WithCanonical(CanonicalSeries.Kl)).Key);
    }

    [Fact]
    public void Reader_maps_TRL_0_17_GRPO_keys_and_prefers_them_when_both_spellings_are_logged()
    {
        // Given GRPOTrainer 0.17+ keys, and a run that also logs the old completion_length
        using var temp = new TempFolder();
        var sim = new HfTrainerSimulation(HfTrainerSimulation.Version.V4_51);
        for (var i = 0; i < 3; i++)
        {
            sim.Step();
            sim.Log(new Dictionary<string, object?>
            {
                ["completion_length"] = 200.0,
                ["completions/mean_length"] = 201.0,
                ["completions/clipped_ratio"] = 0.0,
                ["entropy"] = 0.4,
                ["eval_reward"] = 0.5,
                ["num_tokens"] = 1000.0 * (i + 1),
                ["reward"] = 0.3,
                ["rewards/format_reward/mean"] = 0.9,
            });
        }

        var file = temp.Write("trainer_state.json", sim.SaveToJson());

        // When
        var run = ReadOne(file);

        // Then
        Assert.Equal("completions/mean_length", Assert.Single(run.WithCanonical(CanonicalSeries.ResponseLength)).Key);
        Assert.Null(run.Find("completion_length")!.Canonical);
        Assert.Equal("num_tokens", Assert.Single(run.WithCanonical(CanonicalSeries.Tokens)).Key);
        Assert.Equal("entropy", Assert.Single(run.WithCanonical(CanonicalSeries.Entropy)).Key);
        Assert.Equal("eval_reward", Assert.Single(run.WithCanonical(CanonicalSeries.RlValScore)).Key);
    }

    [Fact]
    public void Reader_keeps_every_log_history_entry_before_a_truncation_and_counts_the_fault()
    {
        // Given a state file cut in the middle of its 8th entry (a partial copy)
        using var temp = new TempFolder();
        var sim = new HfTrainerSimulation(HfTrainerSimulation.Version.V4_46, evalSteps: 1000);
        sim.RunSft(100);
        var text = sim.SaveToJson();
        var cut = text.IndexOf("\"step\": 80", StringComparison.Ordinal);
        var file = temp.Write("trainer_state.json", text[..cut]);

        // When read leniently
        var run = ReadOne(file);

        // Then the first 7 entries are kept and the fault is counted with its line
        Assert.Equal(7, run.Find("loss")!.Count);
        var skipped = Assert.Single(run.Skipped);
        Assert.Contains("truncated", skipped.Reason, StringComparison.Ordinal);
        Assert.StartsWith($"{file}: line ", skipped.FirstLocation, StringComparison.Ordinal);

        // And strict reading names the file and the line
        var error = Assert.Throws<IngestException>(() => ReadOne(file, ReaderOptions.Default with { BadRecords = BadRecordPolicy.Strict }));
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(file)}: line [0-9]+: .*7 log_history entries came before it\\.$", error.Message);
    }

    [Fact]
    public void Reader_rejects_an_empty_file_with_its_path()
    {
        // Given
        using var temp = new TempFolder();
        var file = temp.Write("trainer_state.json", string.Empty);

        // When
        var error = Assert.Throws<IngestException>(() => ReadOne(file));

        // Then
        Assert.Equal($"{file}: the file is empty.", error.Message);
    }

    [Fact]
    public void Reader_rejects_binary_data_named_trainer_state_json_with_the_byte_offset()
    {
        // Given a TFRecord-like binary file under the JSON name
        using var temp = new TempFolder();
        var file = temp.WriteBytes("trainer_state.json", [0x18, 0, 0, 0, 0, 0, 0, 0, 0xA3, 0x7F, 0x4B, 0x22]);

        // When
        var error = Assert.Throws<IngestException>(() => ReadOne(file));

        // Then
        Assert.StartsWith($"{file}: byte 1: binary data", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Reader_reports_invalid_UTF8_strictly_with_the_byte_and_replaces_it_leniently()
    {
        // Given a Latin-1 byte inside a string value
        using var temp = new TempFolder();
        var sim = new HfTrainerSimulation(HfTrainerSimulation.Version.V4_46);
        sim.RunSft(20);
        var text = sim.SaveToJson().Replace("\"best_model_checkpoint\": null", "\"best_model_checkpoint\": \"caf#\"", StringComparison.Ordinal);
        var bytes = Encoding.ASCII.GetBytes(text);
        var offset = Array.IndexOf(bytes, (byte)'#');
        bytes[offset] = 0xE9;
        var file = temp.WriteBytes("trainer_state.json", bytes);

        // When
        var strict = Assert.Throws<IngestException>(() => ReadOne(file, ReaderOptions.Default with { BadRecords = BadRecordPolicy.Strict }));
        var lenient = ReadOne(file);

        // Then
        Assert.Equal($"{file}: byte {offset}: invalid UTF-8; the file is not text in UTF-8 (re-encode it, or it is corrupted there).", strict.Message);
        Assert.Equal(2, lenient.Find("loss")!.Count);
        Assert.Equal(1, Assert.Single(lenient.Skipped).Count);
    }

    [Fact]
    public void Detection_accepts_a_run_folder_with_only_checkpoints_and_any_json_holding_log_history()
    {
        // Given
        using var temp = new TempFolder();
        temp.Write("a/checkpoint-5/trainer_state.json", "{\"log_history\": [], \"global_step\": 5}");
        temp.Write("b/state_copy.json", "{\"best_metric\": null, \"log_history\": []}");
        temp.Write("c/other.json", "{\"results\": {}}");
        var reader = new TrainerStateReader();

        // Then
        Assert.True(reader.CanRead(temp.Combine("a")));
        Assert.True(reader.CanRead(temp.Combine("b/state_copy.json")));
        Assert.False(reader.CanRead(temp.Combine("c/other.json")));
        Assert.False(reader.CanRead(temp.Combine("c")));
    }
}
