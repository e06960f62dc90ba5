namespace Headroom.Study.Tests.Init;

public sealed class StudyDraftTests
{
    [Fact]
    public void Init_on_the_demo_runs_infers_every_run_the_model_and_each_branch_point_from_the_rl_configs()
    {
        // Given a copy of the demo's run folders (HF checkpoints, verl JSONL with its resolved config)
        using var folder = new TempFolder();
        Copy(SharedData.InRepository("examples", "demo"), folder.Path);
        var manifest = Path.Combine(folder.Path, "study.yaml");
        File.Delete(manifest);

        // When
        var (yaml, findings) = StudyDraft.FromLogs([Path.Combine(folder.Path, "sft"), Path.Combine(folder.Path, "rl")], manifest);
        File.WriteAllText(manifest, DemoSequenceLengths(yaml));

        // Then, its SFT sequence lengths given (the demo logs tokens, not lengths), the manifest loads, with the demo's 3 SFT runs, 18 branches at the right checkpoints, Pure-RL and two synchronized runs
        var loaded = StudyManifest.Load(manifest);
        Assert.Equal(["easy102k", "hard102k", "uniform102k"], loaded.SftRuns.Select(r => r.Name).Order());
        var branches = loaded.Branches.Where(b => b.Paradigm == Paradigm.SftThenRl).ToList();
        Assert.Equal(18, branches.Count);
        Assert.All(branches, b => Assert.Equal($"{b.From}-step{b.FromStep}", b.Name));
        Assert.Equal(1, loaded.Branches.Count(b => b.Paradigm == Paradigm.PureRl));
        Assert.Equal(2, loaded.Branches.Count(b => b.Paradigm == Paradigm.Synchronized));
        Assert.EndsWith(Path.Combine("sft", "easy102k", "config.json"), loaded.Model.ConfigPath, StringComparison.Ordinal);
        Assert.Equal(ScoreUnit.Fraction, loaded.Score.Unit);
        Assert.Contains(findings, f => f.StartsWith("RL run hard102k-step1200: starts from hard102k@1200", StringComparison.Ordinal));
        Assert.All(loaded.SftRuns, r => Assert.Equal("num_input_tokens_seen", r.Compute.TokensSeenKey));
    }

    [Fact]
    public void A_branch_point_init_cannot_infer_is_a_todo_that_analyze_refuses()
    {
        // Given an RL run whose config does not say which model it started from
        using var folder = new TempFolder();
        Copy(SharedData.InRepository("examples", "demo", "sft", "hard102k"), Path.Combine(folder.Path, "sft", "hard102k"));
        Copy(SharedData.InRepository("examples", "demo", "rl", "hard102k-step1200"), Path.Combine(folder.Path, "rl", "run-a"));
        File.Delete(Path.Combine(folder.Path, "rl", "run-a", "config.yaml"));
        var manifest = Path.Combine(folder.Path, "study.yaml");

        // When
        var (draft, _) = StudyDraft.FromLogs([folder.Path], manifest);
        var yaml = DemoSequenceLengths(draft);
        File.WriteAllText(manifest, yaml);

        // Then the manifest holds a TODO for it, and loading names that line
        var line = yaml.Split('\n').ToList().FindIndex(l => l.Contains("# TODO from:", StringComparison.Ordinal)) + 1;
        Assert.True(line > 0, yaml);
        var error = Assert.Throws<StudyException>(() => StudyManifest.Load(manifest));
        Assert.StartsWith($"{manifest}: line {line}: a TODO left by 'headroom init' is still open (TODO from: <sft-run>@<step>", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Fills init's one TODO for the demo: the SFT runs log tokens seen, and only the user knows their mean length.</summary>
    internal static string DemoSequenceLengths(string yaml)
        => string.Join('\n', yaml.Split('\n').Select(l => l.Contains("# TODO compute: {tokens_seen: num_input_tokens_seen", StringComparison.Ordinal) ? "    compute: {tokens_seen: num_input_tokens_seen, seq_len: 4000}" : l));

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
