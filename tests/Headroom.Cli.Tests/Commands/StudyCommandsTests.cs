using Headroom.Cli.Tests.Data;

namespace Headroom.Cli.Tests.Commands;

/// <summary>`headroom init`, `analyze` and `plan` as a user runs them on the demo study's run folders.</summary>
public sealed class StudyCommandsTests : IDisposable
{
    private readonly TempFolder _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Init_then_analyze_on_run_folders_writes_the_report_and_prints_the_recommendation()
    {
        // Given a copy of the demo's logs (HF checkpoints, verl JSONL) without its manifest
        Copy(SharedData.InRepository("examples", "demo"), _files.Path);
        var manifest = Path.Combine(_files.Path, "study.yaml");
        File.Delete(manifest);

        // When the user writes a manifest from the runs, gives the one thing init could not infer (the SFT runs'
        // mean sequence length: they log tokens seen) and analyses it
        var init = CliResult.Run("init", Path.Combine(_files.Path, "sft"), Path.Combine(_files.Path, "rl"), "--out", manifest);
        var refused = CliResult.Run("analyze", manifest, "--out", Path.Combine(_files.Path, "refused"), "--no-progress");
        FillSequenceLengths(manifest);
        var report = Path.Combine(_files.Path, "report");
        var analyze = CliResult.Run("analyze", manifest, "--out", report, "--bootstrap", "50", "--no-progress");

        // Then
        Assert.Equal(0, init.ExitCode);
        Assert.Contains("with 3 TODO line(s) to fill in before: headroom analyze", init.Output, StringComparison.Ordinal);
        Assert.Contains("a TODO left by 'headroom init' is still open (TODO compute: {tokens_seen: num_input_tokens_seen, seq_len: S}", refused.AssertBadInput(), StringComparison.Ordinal);
        Assert.Equal(0, analyze.ExitCode);
        Assert.StartsWith("The highest ceiling in this study is RL from SFT checkpoint", analyze.Output, StringComparison.Ordinal);
        Assert.Equal(["index.html", "results.json", "summary.md"], Directory.GetFiles(report).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Init_in_json_gives_the_manifest_its_todo_lines_and_findings()
    {
        // Given the demo's SFT runs, which log tokens seen but not their sequence length
        var manifest = Path.Combine(_files.Path, "study.yaml");

        // When
        var result = CliResult.Run("init", SharedData.InRepository("examples", "demo", "sft"), "--out", manifest, "--format", "json");

        // Then the three TODO lines the manifest holds, one per SFT run's compute, and the path written
        Assert.Equal(0, result.ExitCode);
        var todos = result.Json.GetProperty("todos").EnumerateArray().Select(t => t.GetString()!).ToArray();
        Assert.Equal(File.ReadAllLines(manifest).Select(l => l.Trim()).Where(l => l.StartsWith("# TODO", StringComparison.Ordinal)), todos);
        Assert.Equal(3, todos.Count(t => t.StartsWith("# TODO compute:", StringComparison.Ordinal)));
        Assert.Equal(manifest, result.Json.GetProperty("manifest").GetString());
        Assert.NotEqual(0, result.Json.GetProperty("findings").GetArrayLength());
    }

    [Fact]
    public void Init_refuses_to_overwrite_a_manifest()
    {
        // Given
        var manifest = _files.Write("study.yaml", "study: mine\n");

        // When
        var result = CliResult.Run("init", SharedData.InRepository("examples", "demo", "sft"), "--out", manifest);

        // Then
        var line = result.AssertBadInput();
        Assert.Contains("exists; give --force", line, StringComparison.Ordinal);
        Assert.Equal("study: mine\n", File.ReadAllText(manifest));
    }

    [Fact]
    public void Analyze_with_a_bad_manifest_fails_in_one_line_naming_the_line_and_field()
    {
        // Given
        var manifest = _files.Write("study.yaml", "study: x\nsft:\n  - name: a\n    logs: nowhere\n    val_los: eval_loss\n");

        // When
        var result = CliResult.Run("analyze", manifest, "--out", Path.Combine(_files.Path, "report"));

        // Then
        var line = result.AssertBadInput();
        Assert.Equal($"headroom: {manifest}: line 5: unknown field 'sft[0].val_los'; the fields here are name, dataset, size, difficulty, logs, table, val_loss, compute, min_val_loss, best_a_post.", line);
        Assert.False(Directory.Exists(Path.Combine(_files.Path, "report")));
    }

    [Fact]
    public void Plan_in_json_names_the_best_start_and_rl_compute_within_the_budget()
    {
        // When
        var result = CliResult.Run("plan", SharedData.InRepository("examples", "demo", "study.yaml"), "--budget", "400", "--bootstrap", "50", "--format", "json", "--no-progress");

        // Then
        Assert.Equal(0, result.ExitCode);
        var options = result.Json.GetProperty("options").EnumerateArray().ToList();
        Assert.All(options, o => Assert.Equal(400, o.GetProperty("sft_ef").GetDouble() + o.GetProperty("rl_ef").GetDouble(), 9));
        Assert.True(options[0].GetProperty("expected_score").GetDouble() >= options[^1].GetProperty("expected_score").GetDouble());
    }

    [Fact]
    public void Plan_in_gpu_hours_needs_a_stated_mfu()
    {
        // When
        var result = CliResult.Run("plan", SharedData.InRepository("examples", "demo", "study.yaml"), "--budget", "1000", "--gpu-hours");

        // Then
        Assert.Contains("--mfu", result.AssertBadInput(), StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_and_select_read_a_study_manifest_as_they_read_their_csv()
    {
        // Given the demo study's manifest (its branches in HF and verl logs)
        var manifest = SharedData.InRepository("examples", "demo", "study.yaml");

        // When
        var fit = CliResult.Run("fit", manifest, "--bootstrap", "0", "--format", "json", "--no-progress");
        var select = CliResult.Run("select", manifest, "--format", "json");

        // Then fit reports every branch, and select correlates the three datasets and ranks the candidate
        Assert.Equal(0, fit.ExitCode);
        Assert.Equal(21, fit.Json.GetProperty("fits").GetArrayLength());
        Assert.Equal(0, select.ExitCode);
        Assert.Equal(3, select.Json.GetProperty("correlation").GetProperty("count").GetInt32());
        Assert.Equal("openr1-math", select.Json.GetProperty("ranking")[0].GetProperty("dataset").GetString());
    }

    [Fact]
    public void Fit_on_a_csv_without_its_columns_is_a_usage_error()
    {
        // When
        var result = CliResult.Run("fit", SharedData.InRepository("examples", "study", "rl_curves.csv"));

        // Then
        Assert.Equal(HeadroomCli.UsageError, result.ExitCode);
        Assert.Contains("A CSV needs --x", result.Error, StringComparison.Ordinal);
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static void FillSequenceLengths(string manifest)
        => File.WriteAllLines(manifest, File.ReadAllLines(manifest).Select(l => l.Contains("# TODO compute: {tokens_seen: num_input_tokens_seen", StringComparison.Ordinal) ? "    compute: {tokens_seen: num_input_tokens_seen, seq_len: 4000}" : l));
}
