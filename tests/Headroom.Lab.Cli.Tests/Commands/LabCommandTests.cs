using System.Text.Json;
using Headroom.Cli;
using Headroom.Lab.Cli.Tests.Data;

namespace Headroom.Lab.Cli.Tests.Commands;

/// <summary>A tiny lab SFT run made through the CLI once for the lab command tests (world and base model built first).</summary>
public sealed class TinyLabRun : IDisposable
{
    private readonly TempFolder _files = new();

    public TinyLabRun()
    {
        Sft = ToolRun.Lab("sft", "--preset", "tiny", "--dataset", "uniform", "--out", Folder, "--threads", "1", "--no-progress", "--format", "json");
    }

    /// <summary>The run folder, which also holds the world (data/ and base/).</summary>
    public string Folder => Path.Combine(_files.Path, "run");

    internal ToolRun Sft { get; }

    public string Scratch(string name) => Path.Combine(_files.Path, name);

    public void Dispose() => _files.Dispose();
}

public sealed class LabCommandTests(TinyLabRun lab) : IClassFixture<TinyLabRun>, IDisposable
{
    private readonly TempFolder _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("--model-size", "7M", "headroom: Unknown model size '7M'; use one of 0.2M, 1M, 5M, tiny, small, full")]
    [InlineData("--set", "model.depth=3", "headroom: Unknown setting 'model.depth'; known settings are model.layers,")]
    [InlineData("--set", "model.heads=5", "headroom: Setting 'model.hidden' 32 is not a multiple of 'model.heads' 5;")]
    [InlineData("--set", "seed.sft=x", "headroom: Setting 'seed.sft' cannot be 'x'; it takes a whole number.")]
    public void A_bad_setting_is_one_line_on_stderr_before_any_work(string option, string value, string message)
    {
        // Given / When
        var folder = Path.Combine(_files.Path, "lab");
        var line = ToolRun.Lab("data", "--preset", "tiny", "--out", folder, option, value, "--no-progress").AssertBadInput();

        // Then
        Assert.StartsWith(message, line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void A_blank_out_folder_is_one_line_on_stderr()
    {
        // Given / When
        var line = ToolRun.Lab("data", "--preset", "tiny", "--out", "   ", "--no-progress").AssertBadInput();

        // Then
        Assert.Equal("headroom: --out '   ' is not a usable folder path; pass a folder such as --out runs/lab.", line);
    }

    [Fact]
    public void A_thread_count_that_is_not_a_number_is_a_usage_error_without_a_trace()
    {
        // Given / When
        var result = ToolRun.Lab("data", "--preset", "tiny", "--out", Path.Combine(_files.Path, "lab"), "--threads", "abc");

        // Then
        Assert.Equal(HeadroomCli.UsageError, result.ExitCode);
        Assert.StartsWith("headroom: Cannot parse argument 'abc' for option '--threads'", result.ErrorLines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_of_a_mistyped_checkpoint_is_one_line_at_once()
    {
        // Given / When
        var missing = Path.Combine(lab.Folder, "checkpoint-999");
        var line = ToolRun.Lab("eval", missing, "--preset", "tiny", "--no-progress").AssertBadInput();

        // Then
        Assert.Equal($"headroom: {missing} holds no lab model (model.bin and config.json); pass a checkpoint-N folder or a run folder written by 'headroom lab'.", line);
    }

    [Fact]
    public void A_tiny_sft_run_leaves_checkpoints_that_inspect_reads_as_an_sft_validation_loss()
    {
        // Given the tiny lab run made through the CLI, one thread for determinism
        Assert.Equal(0, lab.Sft.ExitCode);

        // When the run folder is inspected like any HF Trainer output
        var inspect = ToolRun.Headroom("inspect", lab.Folder, "--format", "json");

        // Then it is one trainer_state run whose eval_loss maps to sft_val_loss, one value per checkpoint
        Assert.Equal(0, inspect.ExitCode);
        var checkpoints = Directory.GetDirectories(lab.Folder, "checkpoint-*").Length;
        Assert.True(checkpoints >= 2, $"{checkpoints} checkpoints");
        // (the base model built inside the run folder is a second trainer_state run, under base/)
        var runs = inspect.Json.GetProperty("runs").EnumerateArray()
            .Where(r => r.GetProperty("format").GetString() == "trainer_state" && Path.GetFullPath(r.GetProperty("path").GetString()!) == Path.GetFullPath(lab.Folder))
            .ToList();
        var series = Assert.Single(runs).GetProperty("series").EnumerateArray()
            .Single(s => s.GetProperty("canonical").ValueKind == JsonValueKind.String && s.GetProperty("canonical").GetString() == "sft_val_loss");
        Assert.Equal("eval_loss", series.GetProperty("key").GetString());
        Assert.Equal(checkpoints + 1, series.GetProperty("count").GetInt32()); // step 0 is evaluated too

        // And regimes, given the run folder, labels that run's evaluations (not the base model's below it)
        var regimes = ToolRun.Headroom("regimes", lab.Folder, "--format", "json");
        Assert.Equal(0, regimes.ExitCode);
        using var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(lab.Folder, "trainer_state.json")));
        var logged = state.RootElement.GetProperty("log_history").EnumerateArray()
            .Where(e => e.TryGetProperty("eval_loss", out _))
            .Select(e => (Step: e.GetProperty("step").GetDouble(), Loss: e.GetProperty("eval_loss").GetDouble()))
            .ToArray();
        var labelled = regimes.Json.GetProperty("checkpoints").EnumerateArray()
            .Select(c => (Step: c.GetProperty("step").GetDouble(), Loss: c.GetProperty("loss").GetDouble()))
            .ToArray();
        Assert.Equal(logged, labelled);
        Assert.Equal(logged.Min(e => e.Loss), regimes.Json.GetProperty("minimum_loss").GetDouble());
    }

    [Fact]
    public void The_data_report_in_json_names_the_figures_a_script_checks()
    {
        // Given the tiny run's world (built by the fixture; lab data only loads it)
        // When
        var data = ToolRun.Lab("data", "--preset", "tiny", "--out", lab.Folder, "--threads", "1", "--no-progress", "--format", "json");

        // Then every set, benchmark and the headline carry the fields the issue names
        Assert.Equal(0, data.ExitCode);
        var sets = data.Json.GetProperty("sets").EnumerateArray().ToList();
        Assert.Equal(["small", "easy", "uniform", "hard", "large"], sets.Select(s => s.GetProperty("name").GetString()));
        Assert.All(sets, s => Assert.All(new[] { "examples", "mean_steps", "mean_response_tokens", "weak_win_rate", "distinct_answers" }, key => Assert.True(s.TryGetProperty(key, out _), key)));
        var benchmarks = data.Json.GetProperty("benchmarks").EnumerateArray().ToList();
        Assert.Equal(6, benchmarks.Count);
        Assert.All(benchmarks, b => Assert.All(new[] { "name", "problems", "base_score", "se" }, key => Assert.True(b.TryGetProperty(key, out _), key)));

        // and the slip-prone steps per problem are those the world's files hold, counted here by hand
        foreach (var (figures, file) in sets.Select(s => (s, Path.Combine("sft", s.GetProperty("name").GetString() + ".jsonl")))
                     .Concat(benchmarks.Select(b => (b, Path.Combine("benchmarks", b.GetProperty("name").GetString() + ".jsonl")))))
        {
            var prompts = File.ReadLines(Path.Combine(lab.Folder, "data", file)).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("prompt").GetString()!).ToList();
            var figure = figures.GetProperty("mean_slip_steps");
            if (prompts.Count == 0)
            {
                Assert.Equal(JsonValueKind.Null, figure.ValueKind); // an empty set (the tiny world's easy may be) has no mean
                continue;
            }

            Assert.Equal(prompts.Average(SlipProneSteps), figure.GetDouble(), 12);
        }
        var headline = data.Json.GetProperty("headline");
        Assert.True(headline.TryGetProperty("base", out _) && headline.TryGetProperty("se", out _));
        var pretraining = data.Json.GetProperty("pretraining");
        Assert.True(pretraining.TryGetProperty("plateau", out _));

        // and the last interval's drop is the one the base model's own trainer_state.json shows
        using var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(lab.Folder, "base", "trainer_state.json")));
        var losses = state.RootElement.GetProperty("log_history").EnumerateArray().Where(e => e.TryGetProperty("eval_loss", out _)).Select(e => e.GetProperty("eval_loss").GetDouble()).ToList();
        var drop = 1 - losses[^1] / losses[^2];
        Assert.Equal(drop, pretraining.GetProperty("last_interval_drop").GetDouble(), 12);

        // and the text report says so, warning exactly when that drop shows a base model still learning (> 2%)
        var text = ToolRun.Lab("data", "--preset", "tiny", "--out", lab.Folder, "--threads", "1", "--no-progress");
        Assert.Contains($"lowered {(100 * drop).ToString("F2", System.Globalization.CultureInfo.InvariantCulture)}% by its last evaluation interval", text.Output.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(drop > 0.02, text.Output.Contains("still learning", StringComparison.Ordinal));
    }

    [Fact]
    public void The_tiny_rl_preset_logs_verl_jsonl_with_two_evaluations_that_inspect_reads()
    {
        // Given the tiny run's last checkpoint as the branch point
        var checkpoint = Directory.GetDirectories(lab.Folder, "checkpoint-*").OrderBy(d => d.Length).ThenBy(d => d, StringComparer.Ordinal).Last();
        var rl = lab.Scratch("rl-dapo");

        // When DAPO_dc runs from it (its world is found from the checkpoint)
        var result = ToolRun.Lab("rl", "--preset", "tiny", "--from", checkpoint, "--algorithm", "dapo_dc", "--out", rl, "--threads", "1", "--no-progress", "--format", "json");

        // Then it reports at least two evaluations, and inspect reads its JSONL as verl's with per-benchmark scores
        Assert.Equal(0, result.ExitCode);
        Assert.True(result.Json.GetProperty("evaluations").GetArrayLength() >= 2);
        var log = result.Json.GetProperty("log").GetString()!;
        Assert.Equal(Path.Combine(rl, "rl-dapo.jsonl"), log);
        var inspect = ToolRun.Headroom("inspect", log, "--format", "json");
        var run = Assert.Single(inspect.Json.GetProperty("runs").EnumerateArray());
        Assert.Equal("verl_jsonl", run.GetProperty("format").GetString());
        var scores = run.GetProperty("series").EnumerateArray().Where(s => s.GetProperty("canonical").ValueKind == JsonValueKind.String && s.GetProperty("canonical").GetString() == "rl_val_score").ToList();
        Assert.Equal(6, scores.Count);
        Assert.All(scores, s => Assert.True(s.GetProperty("count").GetInt32() >= 2));

        // And a second run on the same folder with another learning rate is refused, naming the key
        var again = ToolRun.Lab("rl", "--preset", "tiny", "--from", checkpoint, "--algorithm", "dapo_dc", "--out", rl, "--threads", "1", "--no-progress", "--set", "learning_rate=0.5");
        Assert.Contains("learning_rate 0.0001, now 0.5", again.AssertBadInput(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_world_written_before_slip_prone_steps_were_counted_reports_them_from_its_files()
    {
        // Given a copy of the tiny world whose world.json lacks the figure (as every version 5 world written before it)
        var copy = lab.Scratch("older-report");
        foreach (var file in Directory.GetFiles(lab.Folder, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(lab.Folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var report = Path.Combine(copy, "data", "world.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(report))!.AsObject();
        foreach (var entry in json["sets"]!.AsArray().Concat(json["benchmarks"]!.AsArray()))
        {
            Assert.True(entry!.AsObject().Remove("mean_slip_steps"));
        }

        File.WriteAllText(report, json.ToJsonString());

        // When lab data reports it and the original
        string[] args = ["--preset", "tiny", "--threads", "1", "--no-progress", "--format", "json"];
        var older = ToolRun.Lab(["data", "--out", copy, .. args]);
        var current = ToolRun.Lab(["data", "--out", lab.Folder, .. args]);

        // Then the figures are the same, counted from the copy's files
        Assert.Equal(0, older.ExitCode);
        static string Figures(JsonElement data, string list) => string.Join(" ", data.GetProperty(list).EnumerateArray().Select(e => e.GetProperty("mean_slip_steps").ToString()));
        Assert.Equal(Figures(current.Json, "sets"), Figures(older.Json, "sets"));
        Assert.Equal(Figures(current.Json, "benchmarks"), Figures(older.Json, "benchmarks"));
        Assert.DoesNotContain("null", Figures(older.Json, "benchmarks"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_checkpoint_is_one_line_naming_the_file_and_exit_1()
    {
        // Given a copy of the run whose newest checkpoint's training state is cut short
        var copy = lab.Scratch("damaged");
        foreach (var file in Directory.GetFiles(lab.Folder, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(lab.Folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var newest = Directory.GetDirectories(copy, "checkpoint-*").OrderBy(d => d.Length).ThenBy(d => d, StringComparer.Ordinal).Last();
        var state = Path.Combine(newest, "training_state.json");
        File.WriteAllText(state, File.ReadAllText(state)[..40]);

        // When the same SFT command resumes it
        var line = ToolRun.Lab("sft", "--preset", "tiny", "--dataset", "uniform", "--out", copy, "--threads", "1", "--no-progress").AssertBadInput();

        // Then
        Assert.StartsWith($"headroom: {state}: not a usable training state (malformed JSON at line ", line, StringComparison.Ordinal);
    }

    /// <summary>
    /// Steps of a prompt's exact chain ("73+9-2?") where a weak solver can slip: a step by +/- a digit or by 3, 7 or 9 whose
    /// units carry (or borrow) into the tens, and whose result has two different digits.
    /// </summary>
    private static int SlipProneSteps(string prompt)
    {
        var value = int.Parse(prompt[..2], System.Globalization.CultureInfo.InvariantCulture);
        var slips = 0;
        foreach (System.Text.RegularExpressions.Match step in System.Text.RegularExpressions.Regex.Matches(prompt[2..], @"([-+*])([0-9]+)"))
        {
            var operand = int.Parse(step.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            var (exact, unitsOnly) = step.Groups[1].Value switch
            {
                "+" => (value + operand, value % 10 + operand),
                "-" => (value - operand + 100, value % 10 - operand + 10),
                _ => (value * operand, value % 10 * operand),
            };
            var result = exact % 100;
            var carries = operand < 10 && unitsOnly / 10 != (step.Groups[1].Value == "-" ? 1 : 0);
            slips += carries && result / 10 != result % 10 ? 1 : 0;
            value = result;
        }

        return slips;
    }
}
