using System.Text.Json.Nodes;
using Headroom.Lab.Tests.Training;
using Headroom.Lab.Training;

namespace Headroom.Lab.Tests;

/// <summary>Bad input to the lab's commands: one sentence naming the file or setting, before any work, never a trace.</summary>
public sealed class LabRobustnessTests(TinyLab lab)
{
    [Theory]
    [InlineData("data/world.json", "{\"version\": 2, ", "world report (malformed JSON")]
    [InlineData("data/sft/uniform.jsonl", "{\"prompt\": \"05+8?\", \"response\": \"05+8=14;#14$\", \"answer\": 14, \"steps\": 1}", "world data file (line 1 is not a lab problem with its expert trajectory)")]
    [InlineData("data/validation.jsonl", "not json", "world data file (line 1 is not a lab problem")]
    [InlineData("base/config.json", "{", "model config (malformed JSON")]
    public void A_damaged_world_file_is_one_sentence_naming_the_file(string file, string content, string message)
    {
        // Given a copy of the tiny world with one file damaged
        var world = CopyOfWorld();
        var path = Path.Combine(world, file);
        File.WriteAllText(path, content);

        // When SFT starts on it
        var error = Assert.Throws<LabException>(() => LabSession.Sft(lab.Options with { Out = TinyRuns.NewFolder(), World = world }, "uniform", cancel: TestContext.Current.CancellationToken));

        // Then
        Assert.StartsWith($"{path}: not a usable {message}", error.Message);
    }

    [Theory]
    [InlineData(1)] // lab part 1 wrote no version
    [InlineData(2)] // dropped carries, whose slips cancelled
    [InlineData(4)] // the unfamiliar steps absent from the base corpus
    public void A_world_of_an_older_version_is_refused_with_how_to_rebuild_it(int version)
    {
        // Given a world whose world.json is of an older version
        var world = CopyOfWorld();
        var report = Path.Combine(world, "data", "world.json");
        var json = JsonNode.Parse(File.ReadAllText(report))!.AsObject();
        json.Remove("version");
        if (version > 1)
        {
            json["version"] = version;
        }

        File.WriteAllText(report, json.ToJsonString());

        // When / Then
        var error = Assert.Throws<LabException>(() => LabSession.BuildData(lab.Options with { Out = world }, cancel: TestContext.Current.CancellationToken));
        Assert.StartsWith($"The world in {world} is version {version}, not 5 (version 1 had one-digit answers modulo 10; in version 2 a weak solver's dropped carries cancelled; in version 3 the base model knew every operation, so SFT and RL both reached 100%; in version 4 the base model never saw the unfamiliar steps, so what it predicted for them depended on its optimisation path); build a new one with 'headroom lab data --out NEW_FOLDER'", error.Message);
    }

    [Fact]
    public void Eval_of_a_mistyped_path_fails_at_once_without_building_anything()
    {
        // Given a path that holds nothing
        var missing = Path.Combine(TinyRuns.NewFolder(), "checkpoint-40");

        // When / Then: the checkpoint is checked before any world is looked for
        var error = Assert.Throws<LabException>(() => LabSession.Evaluate(new LabOptions { Preset = "tiny" }, missing, cancel: TestContext.Current.CancellationToken));
        Assert.StartsWith($"{missing} holds no lab model (model.bin and config.json)", error.Message);
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public void A_run_folder_in_use_is_refused_naming_who_holds_it()
    {
        // Given a folder another run holds
        var folder = TinyRuns.NewFolder();
        using var held = RunLock.Acquire(folder, "headroom lab sft --dataset hard");

        // When a second run wants it
        var error = Assert.Throws<LabException>(() => LabSession.Sft(lab.Options with { Out = folder, World = lab.Folder }, "uniform", cancel: TestContext.Current.CancellationToken));

        // Then the message names the folder and the holder; the holder's release frees it
        Assert.StartsWith($"{folder} is in use by another lab run (process {Environment.ProcessId} on {Environment.MachineName}, 'headroom lab sft --dataset hard', since ", error.Message);
        held.Dispose();
        using var next = RunLock.Acquire(folder, "next");
    }

    [Theory]
    [InlineData("", 1, "--out '' is not a usable folder path")]
    [InlineData("   ", 1, "--out '   ' is not a usable folder path")]
    [InlineData("ok", 0, "--threads 0 is not a thread count; use 1 or more.")]
    public void An_unusable_out_or_thread_count_is_refused_before_any_work(string output, int threads, string message)
    {
        // Given / When
        var error = Assert.Throws<LabException>(() => LabSession.BuildData(new LabOptions { Out = output, Threads = threads, Preset = "tiny" }, cancel: TestContext.Current.CancellationToken));

        // Then
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Seeds_are_separate_so_SFT_can_be_repeated_on_one_world_with_its_own_seed()
    {
        // Given the tiny world built with --seed 1
        // When SFT runs with seed.sft=5 on it (the world and pretraining seeds stay 1)
        var report = LabSession.Sft(lab.Options with { Out = TinyRuns.NewFolder(), World = lab.Folder, Settings = ["seed.sft=5", "max_steps=5", "eval_interval=5"] }, "uniform", cancel: TestContext.Current.CancellationToken);

        // Then the run uses seed 5 and the world is accepted; an unknown seed name is refused
        Assert.Equal(5, report.Seed);
        Assert.Equal(new LabSeeds(1, 1, 5, 1), (lab.Options with { Settings = ["seed.sft=5"] }).Seeds);
        Assert.StartsWith("Unknown setting 'seed.data'; known settings are seed.world, seed.pretrain, seed.sft, seed.rl.", Assert.Throws<LabException>(() => LabSeeds.Resolve(1, ["seed.data=3"])).Message);
    }

    private string CopyOfWorld()
    {
        var copy = TinyRuns.NewFolder();
        foreach (var file in Directory.GetFiles(lab.Folder, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith(".lock", StringComparison.Ordinal)))
        {
            var relative = Path.GetRelativePath(lab.Folder, file);
            if (relative.StartsWith("data", StringComparison.Ordinal) || relative.StartsWith("base" + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !relative.Contains("checkpoint", StringComparison.Ordinal))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(copy, relative))!);
                File.Copy(file, Path.Combine(copy, relative));
            }
        }

        return copy;
    }
}
