namespace Headroom.Study.Tests.Init;

/// <summary>What `headroom init` infers beyond the branch links: order, synchronized runs and compute.</summary>
public sealed class StudyDraftInferenceTests
{
    [Fact]
    public void Names_compare_as_people_count()
    {
        // Given names whose numbers have different widths
        string[] names = ["checkpoint-10", "checkpoint-2", "step1200", "checkpoint-002", "step600", "run"];

        // When
        var sorted = names.Order(NaturalOrder.Instance).ToArray();

        // Then
        Assert.Equal(["checkpoint-002", "checkpoint-2", "checkpoint-10", "run", "step600", "step1200"], sorted);
    }

    [Fact]
    public void Init_on_the_demo_lists_branches_in_step_order_and_puts_luffy_and_srft_under_synchronized()
    {
        // Given
        using var folder = new TempFolder();
        var manifest = Path.Combine(folder.Path, "study.yaml");

        // When
        var (yaml, _) = StudyDraft.FromLogs([SharedData.InRepository("examples", "demo", "sft"), SharedData.InRepository("examples", "demo", "rl")], manifest);
        File.WriteAllText(manifest, DropTodos(yaml));
        var loaded = StudyManifest.Load(manifest);

        // Then
        var easy = loaded.Branches.Where(b => b.From == "easy102k").Select(b => b.FromStep).ToList();
        Assert.Equal([600.0, 1200, 1800, 2400, 3000, 3600], easy);
        Assert.Equal(["luffy", "srft"], loaded.Branches.Where(b => b.Paradigm == Paradigm.Synchronized).Select(b => b.Algorithm));
        Assert.Equal(["dapo-base"], loaded.Branches.Where(b => b.Paradigm == Paradigm.PureRl).Select(b => b.Name));
    }

    [Fact]
    public void Packed_sft_with_a_full_config_gets_its_tokens_per_step_from_batch_accumulation_world_and_length()
    {
        // Given an SFT run packed to 4096 tokens, 4 sequences per device, 8 accumulation steps, 16 processes
        using var folder = new TempFolder();
        var run = SftRun(folder, "sft-packed", """{"packing": true, "max_seq_length": 4096, "per_device_train_batch_size": 4, "gradient_accumulation_steps": 8, "world_size": 16}""");
        var manifest = Path.Combine(folder.Path, "study.yaml");

        // When
        var (yaml, _) = StudyDraft.FromLogs([run], manifest);
        File.WriteAllText(manifest, DropTodos(yaml));

        // Then 4 x 8 x 16 x 4096 = 2,097,152 tokens per step at S = 4096
        var compute = Assert.Single(StudyManifest.Load(manifest).SftRuns).Compute;
        Assert.Equal(2_097_152, compute.TokensPerStep);
        Assert.Equal(4096, compute.SequenceLength);
    }

    [Fact]
    public void Sft_compute_the_config_does_not_fix_is_a_todo_naming_what_was_found()
    {
        // Given an unpacked run: its tokens per step depend on the data
        using var folder = new TempFolder();
        var run = SftRun(folder, "sft-plain", """{"per_device_train_batch_size": 4, "gradient_accumulation_steps": 8}""");

        // When
        var (yaml, _) = StudyDraft.FromLogs([run], Path.Combine(folder.Path, "study.yaml"));

        // Then
        Assert.Contains("    # TODO compute: {tokens_per_step: N, seq_len: S}   (SFT compute for the decomposition axis; found batch 4, accumulation 8)", yaml, StringComparison.Ordinal);
    }

    /// <summary>An HF run folder: one checkpoint's trainer_state.json with training and validation losses, and its training_args.json.</summary>
    private static string SftRun(TempFolder folder, string name, string arguments)
    {
        var history = string.Join(",", Enumerable.Range(1, 5).Select(i => $$"""{"step": {{i * 10}}, "loss": {{2.0 / i}}}, {"step": {{i * 10}}, "eval_loss": {{1.5 / i}}}"""));
        folder.Write(Path.Combine(name, "checkpoint-50", "trainer_state.json"), $$"""{"global_step": 50, "log_history": [{{history}}]}""");
        folder.Write(Path.Combine(name, "training_args.json"), arguments);
        return Path.Combine(folder.Path, name);
    }

    /// <summary>The manifest with init's TODO lines deleted, as a user may do for what the study does not need.</summary>
    private static string DropTodos(string yaml)
        => string.Join('\n', yaml.Split('\n').Where(l => !l.TrimStart().StartsWith("# TODO", StringComparison.Ordinal)));
}
