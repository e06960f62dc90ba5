using System.Globalization;

namespace Headroom.Ingest.Tests;

public sealed class WandbFolderTests
{
    private const string ConfigYamlOld = """
        wandb_version: 1

        _wandb:
          desc: null
          value:
            python_version: 3.10.14
            cli_version: 0.16.6
            framework: huggingface
        learning_rate:
          desc: null
          value: 0.0001
        per_device_train_batch_size:
          desc: null
          value: 4
        _name_or_path:
          desc: null
          value: google/gemma-2b
        lora:
          desc: null
          value:
            r: 16
            targets:
            - q_proj
            - v_proj
        """;

    private const string ConfigYamlNew = """
        _wandb:
          value:
            cli_version: 0.19.1
        learning_rate:
          value: 5.0e-06
        """;

    /// <summary>A run folder as wandb 0.16 leaves it online: datastore, files/config.yaml, files/wandb-summary.json, files/wandb-metadata.json, logs/.</summary>
    private static string OnlineRunFolder(TempFolder temp, string id = "shmrcbfs", string parent = "wandb")
    {
        var folder = Path.Combine(temp.Path, parent, $"run-20240416_154045-{id}");
        using (var writer = new WandbDatastoreWriter(temp.File(parent, $"run-20240416_154045-{id}", $"run-{id}.wandb")))
        {
            writer.Run(id, "huggingface", string.Empty, 1_713_274_845);
            for (var i = 0; i < 4; i++)
            {
                writer.History(
                    i,
                    ("train/loss", (1.0 / (i + 1)).ToString("R", CultureInfo.InvariantCulture)),
                    ("train/grad_norm", "NaN"),
                    ("train/global_step", (i + 1).ToString(CultureInfo.InvariantCulture)),
                    ("_timestamp", (1_713_274_872.0 + i).ToString("R", CultureInfo.InvariantCulture)),
                    ("_runtime", (30.0 + i).ToString("R", CultureInfo.InvariantCulture)),
                    ("_step", i.ToString(CultureInfo.InvariantCulture)));
            }

            writer.Summary(("train/loss", "0.25"), ("_step", "3"));
            writer.Exit(0);
        }

        File.WriteAllText(temp.File(parent, $"run-20240416_154045-{id}", "files", "config.yaml"), ConfigYamlOld);
        File.WriteAllText(
            temp.File(parent, $"run-20240416_154045-{id}", "files", "wandb-summary.json"),
            "{\"train/loss\": 0.25, \"train/grad_norm\": NaN, \"train/global_step\": 4, \"train/total_flos\": 1.5e+16, "
            + "\"train/train_runtime\": 36.5, \"gradients/w\": {\"_type\": \"histogram\", \"values\": [1], \"bins\": [0, 1]}, "
            + "\"_timestamp\": 1713274882.4, \"_runtime\": 36.57, \"_step\": 3, \"_wandb\": {\"runtime\": 37}}");
        File.WriteAllText(temp.File(parent, $"run-20240416_154045-{id}", "files", "wandb-metadata.json"), "{\"program\": \"train_bash.py\", \"python\": \"3.10.14\", \"email\": \"someone@example.com\", \"gpu_count\": 2}");
        File.WriteAllText(temp.File(parent, $"run-20240416_154045-{id}", "logs", "debug.log"), "2024-04-16 15:40:45 INFO start\n");
        return folder;
    }

    [Fact]
    public void Reads_an_online_run_folder_with_config_summary_and_metadata_as_wandb_0_16_writes_it()
    {
        // Given
        using var temp = new TempFolder();
        var folder = OnlineRunFolder(temp);

        // When
        var run = Assert.Single(new WandbReader().Read(folder, ReaderOptions.Default));

        // Then history is the source of series; summary-only numbers become one point at the summary's global step
        Assert.Equal("shmrcbfs", run.Name);
        Assert.Equal([1L, 2, 3, 4], run.Find("train/loss")!.Points.Select(p => p.Step));
        Assert.Equal(new MetricPoint(4, 1.5e16, 1713274882.4), Assert.Single(run.Find("train/total_flos")!.Points));
        Assert.Equal(36.5, Assert.Single(run.Find("train/train_runtime")!.Points).Value);
        Assert.Null(run.Find("_step"));
        Assert.Equal(4, run.Find("_runtime")!.Count);

        // And config.yaml's {desc, value} wrappers are unwrapped into metadata, nested values flattened
        Assert.Equal("0.0001", run.Metadata["config.learning_rate"]);
        Assert.Equal("4", run.Metadata["config.per_device_train_batch_size"]);
        Assert.Equal("google/gemma-2b", run.Metadata["config._name_or_path"]);
        Assert.Equal("16", run.Metadata["config.lora.r"]);
        Assert.Equal("[q_proj, v_proj]", run.Metadata["config.lora.targets"]);
        Assert.Equal("0.16.6", run.Metadata["wandb.cli_version"]);
        Assert.Equal("train_bash.py", run.Metadata["wandb.program"]);
        Assert.DoesNotContain(run.Metadata, m => m.Value.Contains('@'));

        // And the histogram and the _wandb block of the summary are counted
        var skipped = run.Skipped.ToDictionary(s => s.Reason, s => s.Count);
        Assert.Equal(1, skipped["non-scalar value (histogram) in the run summary"]);
        Assert.Equal(1, skipped["W&B bookkeeping in the run summary (_wandb)"]);
    }

    [Fact]
    public void Offline_run_without_summary_and_config_files_uses_the_datastore_copies()
    {
        // Given an offline run (wandb issue #9646: no files/wandb-summary.json, no config.yaml)
        using var temp = new TempFolder();
        var file = temp.File("wandb", "offline-run-20230413_090116-iotz2fip", "run-iotz2fip.wandb");
        using (var writer = new WandbDatastoreWriter(file))
        {
            writer.Run("iotz2fip", "Coati", "2023-04-13 09:01:10", 1_681_376_476);
            writer.Config(("lr", "{\"desc\": null, \"value\": 5e-06}"), ("max_epochs", "3"), ("_wandb", "{\"cli_version\": \"0.14.2\"}"));
            writer.History(0, ("loss", "1.5"), ("_step", "0"));
            writer.Summary(("loss", "1.5"), ("final_acc", "0.75"), ("_step", "7"));
        }

        // When
        var run = Assert.Single(new WandbReader().Read(Path.GetDirectoryName(file)!, ReaderOptions.Default));

        // Then
        Assert.Equal("2023-04-13 09:01:10", run.Name);
        Assert.Equal("5e-06", run.Metadata["config.lr"]);
        Assert.Equal("3", run.Metadata["config.max_epochs"]);
        Assert.Equal(new MetricPoint(7, 0.75), Assert.Single(run.Find("final_acc")!.Points));
        Assert.Equal(0, Assert.Single(run.Find("loss")!.Points).Step);
    }

    [Fact]
    public void A_run_folder_and_a_lone_datastore_are_summarised_as_they_stream_exactly_as_read_whole()
    {
        // Given an offline run named in its datastore's run record (known only after the history is read): HF's
        // global step repeated (the later row wins), a row without it (the last global step), a summary-only number
        using var temp = new TempFolder();
        var file = temp.File("wandb", "offline-run-20230413_090116-iotz2fip", "run-iotz2fip.wandb");
        using (var writer = new WandbDatastoreWriter(file))
        {
            writer.History(0, ("train/loss", "2.0"), ("train/global_step", "10"), ("_step", "0"));
            writer.History(1, ("train/loss", "1.5"), ("train/global_step", "10"), ("_step", "1"));
            writer.History(2, ("eval/loss", "1.75"), ("_step", "2"));
            writer.History(3, ("train/loss", "1.25"), ("train/global_step", "20"), ("_step", "3"));
            writer.Summary(("train/loss", "1.25"), ("final_acc", "0.75"), ("train/global_step", "20"));
            writer.Run("iotz2fip", "Coati", "sft-lr5e-6", 1_681_376_476);
        }

        foreach (var path in new[] { Path.GetDirectoryName(file)!, file })
        {
            // When summarised (streamed) and read whole
            var streamed = Assert.Single(LogIngest.Summarise([path]).Runs);
            var whole = RunSummary.Of(Assert.Single(LogIngest.Read([path]).Runs));

            // Then the same run, named by its display name; by hand: train/loss at 10 (1.5 replaced 2.0) and 20
            Assert.Equal(whole.Series, streamed.Series);
            Assert.Equal(whole.Skipped, streamed.Skipped);
            Assert.Equal(whole.Metadata.OrderBy(m => m.Key), streamed.Metadata.OrderBy(m => m.Key));
            Assert.Equal(("sft-lr5e-6", "sft-lr5e-6"), (whole.Name, streamed.Name));
            var loss = streamed.Series.Single(s => s.Key == "train/loss");
            Assert.Equal((2L, 10L, 20L, 1.25, 1.5), (loss.Count, (long)loss.FirstStep!, (long)loss.LastStep!, (double)loss.Min!, (double)loss.Max!));
            Assert.Equal((1L, 10L), (streamed.Series.Single(s => s.Key == "eval/loss").Count, (long)streamed.Series.Single(s => s.Key == "eval/loss").FirstStep!));
            Assert.Equal((1L, 20L, 0.75), (streamed.Series.Single(s => s.Key == "final_acc").Count, (long)streamed.Series.Single(s => s.Key == "final_acc").FirstStep!, (double)streamed.Series.Single(s => s.Key == "final_acc").Max!));
        }
    }

    [Fact]
    public void A_wandb_folder_gives_one_run_per_run_folder_and_ignores_latest_run()
    {
        // Given wandb/ with two runs and the latest-run link
        using var temp = new TempFolder();
        OnlineRunFolder(temp, "aaaa1111");
        var second = OnlineRunFolder(temp, "bbbb2222");
        Directory.CreateSymbolicLink(Path.Combine(temp.Path, "wandb", "latest-run"), second);

        // When
        var reader = new WandbReader();
        var runs = reader.Read(Path.Combine(temp.Path, "wandb"), ReaderOptions.Default);

        // Then
        Assert.True(reader.CanRead(Path.Combine(temp.Path, "wandb")));
        Assert.Equal(["aaaa1111", "bbbb2222"], runs.Select(r => r.Name));
        var claims = reader.Claims(Path.Combine(temp.Path, "wandb")).ToArray();
        Assert.Contains(claims, c => c.EndsWith("debug.log", StringComparison.Ordinal));
        Assert.DoesNotContain(claims, c => c.Contains("latest-run", StringComparison.Ordinal));
    }

    [Fact]
    public void Reads_wandb_history_jsonl_of_old_sdks_with_bare_nan_and_media()
    {
        // Given the wandb-history.jsonl that SDKs before 0.10 wrote, with the config.yaml of newer ones
        using var temp = new TempFolder();
        File.WriteAllText(
            temp.File("run-20200101_000000-old1", "wandb-history.jsonl"),
            "{\"_step\": 0, \"_runtime\": 1.5, \"_timestamp\": 1577836800.0, \"loss\": NaN, \"examples\": {\"_type\": \"images\", \"count\": 2}}\n"
            + "\n"
            + "{\"_step\": 1, \"_runtime\": 2.5, \"_timestamp\": 1577836801.0, \"loss\": 0.5, \"acc\": -Infinity}\n");
        File.WriteAllText(temp.File("run-20200101_000000-old1", "files", "config.yaml"), ConfigYamlNew);

        // When
        var run = Assert.Single(new WandbReader().Read(Path.Combine(temp.Path, "run-20200101_000000-old1"), ReaderOptions.Default));

        // Then
        Assert.Equal("old1", run.Name);
        Assert.True(double.IsNaN(run.Find("loss")!.Points[0].Value));
        Assert.Equal(0.5, run.Find("loss")!.Points[1].Value);
        Assert.Equal(double.NegativeInfinity, run.Find("acc")!.Points.Single().Value);
        Assert.Equal(1577836801.0, run.Find("acc")!.Points.Single().WallTime);
        Assert.Equal("5.0e-06", run.Metadata["config.learning_rate"]);
        Assert.Equal(1, run.Skipped.Single(s => s.Reason == "history non-scalar value (images)").Count);

        // And the folder and the lone history file summarised as they stream give what they give read whole
        foreach (var path in new[] { Path.Combine(temp.Path, "run-20200101_000000-old1"), Path.Combine(temp.Path, "run-20200101_000000-old1", "wandb-history.jsonl") })
        {
            var streamed = Assert.Single(LogIngest.Summarise([path], new ReaderOptions { FormatHint = "wandb" }).Runs);
            var whole = RunSummary.Of(Assert.Single(new WandbReader().Read(path, ReaderOptions.Default)));
            Assert.Equal(whole.Name, streamed.Name);
            Assert.Equal(whole.Series, streamed.Series);
            Assert.Equal(whole.Skipped, streamed.Skipped);
            Assert.Equal(2, streamed.Series.Single(s => s.Key == "loss").Count);
        }
    }

    [Fact]
    public void Unparseable_summary_is_counted_when_lenient_and_named_when_strict()
    {
        // Given a summary file cut short
        using var temp = new TempFolder();
        var folder = OnlineRunFolder(temp);
        var summary = Path.Combine(folder, "files", "wandb-summary.json");
        File.WriteAllText(summary, "{\"train/loss\": 0.2");

        // When
        var run = Assert.Single(new WandbReader().Read(folder, ReaderOptions.Default));
        var error = Assert.Throws<IngestException>(() => new WandbReader().Read(folder, new ReaderOptions { BadRecords = BadRecordPolicy.Strict }));

        // Then
        Assert.Equal(4, run.Find("train/loss")!.Count);
        Assert.Contains(run.Skipped, s => s.Reason.StartsWith("unreadable JSON", StringComparison.Ordinal));
        Assert.Equal($"{summary}: line 1: the summary is not a JSON object.", error.Message);
    }
}
