using System.Text.Json.Nodes;
using Headroom.Lab.Cli.Commands;
using Headroom.Lab.Cli.Tests.Data;

namespace Headroom.Lab.Cli.Tests.Commands;

/// <summary>
/// The quick study in reduced form (the CI smoke test): the tiny world, one SFT set, runs of a few steps, each a
/// real `headroom-lab` worker process, two at a time. One study runs through; a second is killed while a run is
/// in flight and run again; both must leave the same manifest and the same results, bit for bit.
/// </summary>
public sealed class LabStudyCommandTests : IDisposable
{
    private static readonly string[] _reduced =
    [
        "--preset", "quick", "--lab-preset", "tiny", "--datasets", "uniform", "--seed", "1", "--threads", "1", "--jobs", "2",
        "--set", "sft.max_steps=10", "--set", "sft.eval_interval=5", "--set", "rl.max_steps=2", "--set", "rl.eval_interval=1",
    ];

    private readonly TempFolder _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void A_study_killed_during_a_run_resumes_to_the_same_manifest_and_results_as_one_run_through()
    {
        // Given a tiny world shared by two studies, and one study run through with `headroom-lab study`
        var world = Path.Combine(_files.Path, "world");
        Assert.Equal(0, ToolRun.Lab("data", "--preset", "tiny", "--seed", "1", "--threads", "1", "--out", world, "--no-progress", "--format", "json").ExitCode);
        var reference = Path.Combine(_files.Path, "reference");
        var through = ToolRun.Lab(["study", .. _reduced, "--world", world, "--out", reference, "--format", "json"]);
        Assert.True(through.ExitCode == 0, through.Error);

        // When a second study is killed while an RL run is part-way (its worker processes killed outright), then run again
        var resumed = Path.Combine(_files.Path, "resumed");
        var options = Options(world, resumed);
        using var kill = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var killedRuns = new List<string>();
        var progress = new Progress(p =>
        {
            if (!kill.IsCancellationRequested && p.Done >= 2 && p.Running.FirstOrDefault(r => r.Id.StartsWith("rl/", StringComparison.Ordinal) && r.Fraction is > 0 and < 1) is { Id: { } id })
            {
                killedRuns.AddRange(p.Running.Select(r => r.Id));
                kill.Cancel();
            }
        });
        var interrupted = Record.Exception(() => LabStudy.Run(options, Worker(), progress, kill.Token));
        Assert.True(interrupted is OperationCanceledException, interrupted?.ToString());
        var report = LabStudy.Run(options, Worker(), cancel: TestContext.Current.CancellationToken);

        // Then the second invocation skipped what had finished and re-ran (resumed) the killed runs
        Assert.NotEmpty(killedRuns);
        Assert.Contains(report.Runs, r => r.Skipped);
        Assert.All(killedRuns, id => Assert.False(report.Runs.Single(r => r.Id == id).Skipped));

        // And both studies wrote the same manifest and, run by run, the same logged numbers and weights
        var ids = through.Json.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToList();
        Assert.Equal(ids, report.Runs.Select(r => r.Id));
        Assert.Contains(ids, id => id.StartsWith("rl/uniform-", StringComparison.Ordinal)); // at least one SFT-then-RL branch
        Assert.Equal(File.ReadAllText(Path.Combine(reference, "study.yaml")), File.ReadAllText(Path.Combine(resumed, "study.yaml")));
        foreach (var id in ids)
        {
            var (a, b) = (Path.Combine(reference, id), Path.Combine(resumed, id));
            Assert.Equal(File.ReadAllBytes(Path.Combine(a, "model.bin")), File.ReadAllBytes(Path.Combine(b, "model.bin")));
            Assert.Equal(Results(a), Results(b));
        }
    }

    [Fact]
    public void A_study_whose_world_has_another_pretraining_seed_runs_every_run_on_that_world()
    {
        // Given the reduced study building its own world with `--set world.seed.pretrain=2` (the other seeds from --seed 1)
        var folder = Path.Combine(_files.Path, "pretrain-seed-2");

        // When
        var study = ToolRun.Lab(["study", .. _reduced, "--set", "world.seed.pretrain=2", "--set", "world.max_steps=40", "--out", folder, "--format", "json"]);

        // Then the world was built with pretraining seed 2 and every run finished on it, SFT-then-RL branches included
        // (each run checks that its world was built with its seeds)
        Assert.True(study.ExitCode == 0, study.Error);
        var seeds = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "logs", "world.json")))!["seeds"]!;
        Assert.Equal((1, 2), ((int)seeds["world"]!, (int)seeds["pretrain"]!));
        Assert.Contains(study.Json.GetProperty("runs").EnumerateArray(), r => r.GetProperty("id").GetString()!.StartsWith("rl/uniform-", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_study_setting_is_one_line_on_stderr_before_any_work()
    {
        // Given / When
        var folder = Path.Combine(_files.Path, "study");
        var line = ToolRun.Lab("study", "--out", folder, "--set", "rl.max_stepz=3", "--no-progress").AssertBadInput();

        // Then
        Assert.StartsWith("headroom: Unknown setting 'max_stepz'; known settings are max_steps,", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void A_run_that_fails_once_is_resumed_once_and_a_run_that_fails_twice_stops_the_study_naming_it()
    {
        // Given a tiny world and a worker that fails the first start of every run as libtorch sometimes does, and every
        // start of the SFT-then-RL branches (which start only after their SFT run finished): a shell wrapper around
        // this build's lab tool
        var world = Path.Combine(_files.Path, "world");
        Assert.Equal(0, ToolRun.Lab("data", "--preset", "tiny", "--seed", "1", "--threads", "1", "--out", world, "--no-progress", "--format", "json").ExitCode);
        var flaky = FlakyWorker(alwaysFailing: "*/rl/uniform-*");
        var messages = new List<string>();
        var progress = new Progress(p => { lock (messages) { if (p.Message is { } m) messages.Add(m); } });

        // When the reduced study runs with it
        var failure = Record.Exception(() => LabStudy.Run(Options(world, Path.Combine(_files.Path, "study")), flaky, progress, TestContext.Current.CancellationToken));

        // Then the SFT run failed once, was started again and finished, and so did every run that finished; a branch
        // failed twice (started once more after its first failure) and stopped the study, which names it
        lock (messages)
        {
            var log = (failure?.ToString() ?? "no failure") + "\n" + string.Join("\n", messages);
            Assert.True(failure is LabException, log);
            Assert.Matches(@"^Study run (rl/uniform-\d+) failed \(exit 1\): headroom: libtorch failed: injected\. ", failure!.Message);
            var branch = failure.Message.Split(' ')[2];
            string[] finished = [.. messages.Where(m => m.StartsWith("finished ", StringComparison.Ordinal)).Select(m => m.Split(' ')[1])];
            Assert.True(finished.Contains("sft/uniform"), log);
            Assert.DoesNotContain(branch, finished);
            Assert.All(finished.Append(branch), id => Assert.Single(messages, m => m == $"{id} failed (exit 1): headroom: libtorch failed: injected; resuming it once from its newest checkpoint"));
        }
    }

    /// <summary>
    /// A worker that fails (exit 1, a libtorch-like last line) the first time it is started for an SFT or RL run (not
    /// the world), and every time for a run whose folder matches <paramref name="alwaysFailing"/>; otherwise it runs
    /// this build's lab tool.
    /// </summary>
    private WorkerCommand FlakyWorker(string alwaysFailing)
    {
        var self = Worker();
        var script = Path.Combine(_files.Path, "flaky-worker.sh");
        File.WriteAllText(script, $$"""
            out=""; previous=""
            for a in "$@"; do [ "$previous" = "--out" ] && out=$a; previous=$a; done
            case "$out" in
              {{alwaysFailing}}) echo "headroom: libtorch failed: injected" >&2; exit 1 ;;
              */sft/*|*/rl/*) if [ ! -e "$out.failed-once" ]; then touch "$out.failed-once"; echo "headroom: libtorch failed: injected" >&2; exit 1; fi ;;
            esac
            exec "$@"
            """);
        return new WorkerCommand("/bin/sh", [script, self.Executable, .. self.Prefix]);
    }

    private static LabStudyOptions Options(string world, string folder) => new()
    {
        Out = folder,
        Preset = "quick",
        LabPreset = "tiny",
        World = world,
        Datasets = ["uniform"],
        Seed = 1,
        Threads = 1,
        Jobs = 2,
        Settings = ["sft.max_steps=10", "sft.eval_interval=5", "rl.max_steps=2", "rl.eval_interval=1"],
    };

    /// <summary>`dotnet headroom-lab.dll`: this test's build of the lab tool as a worker process, as `headroom-lab study` finds it.</summary>
    private static WorkerCommand Worker() => LabStudyCommand.Self();

    /// <summary>Every logged number of a run but wall-clock timings: an RL run's verl JSONL, an SFT run's log_history.</summary>
    private static string Results(string folder)
    {
        var jsonl = Path.Combine(folder, Path.GetFileName(folder) + ".jsonl");
        var lines = File.Exists(jsonl)
            ? File.ReadAllLines(jsonl).Select(l => JsonNode.Parse(l)!)
            : JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "trainer_state.json")))!["log_history"]!.AsArray().Select(e => e!);
        return string.Join("\n", lines.Select(Untimed));
    }

    private static string Untimed(JsonNode entry)
    {
        var data = (entry["data"] ?? entry).AsObject();
        foreach (var key in data.Select(p => p.Key).Where(k => k.StartsWith("timing_s/", StringComparison.Ordinal) || k.EndsWith("_runtime", StringComparison.Ordinal) || k.EndsWith("_per_second", StringComparison.Ordinal)).ToList())
        {
            data.Remove(key);
        }

        return entry.ToJsonString();
    }

    private sealed class Progress(Action<StudyProgress> report) : IProgress<StudyProgress>
    {
        public void Report(StudyProgress value) => report(value);
    }
}
