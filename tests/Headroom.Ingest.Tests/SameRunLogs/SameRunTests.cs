using Headroom.Ingest.Tests.Data;

namespace Headroom.Ingest.Tests.SameRunLogs;

/// <summary>Issue 9: several logs of one run (one folder) are recognised as one run and merged by step, the choice named.</summary>
public sealed class SameRunTests
{
    [Fact]
    public void A_real_trainer_state_and_its_LLaMA_Factory_trainer_log_in_one_folder_are_one_run_and_agree_at_every_step()
    {
        // Given the two real logs of syGOAT's run (LLaMA-Factory writes both into its output_dir)
        var root = SharedData.RequireFolder("realworld");
        using var temp = new TempFolder();
        File.Copy(Path.Combine(root, "hf_trainer_state/syGOAT__Mistral-v0.2-Translator-bf16/trainer_state.json"), temp.File("out", "trainer_state.json"));
        File.Copy(Path.Combine(root, "llamafactory/syGOAT__Mistral-v0.2-Translator-bf16/trainer_log.jsonl"), temp.File("out", "trainer_log.jsonl"));

        // When
        var runs = LogIngest.Read([temp.Combine("out")]).Runs;
        var groups = SameRun.Groups([.. runs.Select(RunSummary.Of)]);
        var merged = SameRun.Merge([.. runs.Select(run => (run, run.WithCanonical(CanonicalSeries.SftTrainLoss).Single()))]);

        // Then one group of both; 866 train losses logged by both, every one equal (SOURCES.md: 866 entries with loss)
        Assert.Equal([0, 1], Assert.Single(groups));
        Assert.Equal(866, merged.Series.Count);
        Assert.Equal(866, merged.Agreed);
        Assert.Equal(0, merged.Differed);
    }

    [Fact]
    public void A_root_state_ending_at_400_and_an_ms_swift_log_ending_at_438_merge_to_438_naming_both()
    {
        // Given the final save at 400 and ms-swift's own log, written on every eval to step 438; they differ at step 400
        using var temp = new TempFolder();
        var sim = new HfTrainerSimulation(HfTrainerSimulation.Version.V4_46, maxSteps: 1000);
        sim.RunSft(400);
        temp.Write("out/trainer_state.json", sim.SaveToJson());
        var lines = Enumerable.Range(1, 8).Select(i => i * 50L).Append(438)
            .Select(step => $"{{\"eval_loss\": {(step == 400 ? 9.0 : HfTrainerSimulation.EvalLoss(step)).ToString("R", System.Globalization.CultureInfo.InvariantCulture)}, \"global_step/max_steps\": \"{step}/1000\", \"epoch\": 0.1}}");
        temp.Write("out/logging.jsonl", string.Join("\n", lines) + "\n");

        // When
        var runs = LogIngest.Read([temp.Combine("out")]).Runs;
        var candidates = runs.Select((run, i) => (i, run.WithCanonical(CanonicalSeries.SftValLoss).Single())).ToList();
        var chosen = SameRun.Choose(runs, candidates, temp.Combine("out"))!;

        // Then the steps of both, the later log used where they differ, and the sentence says so
        Assert.Equal(Enumerable.Range(1, 8).Select(i => i * 50L).Append(438), chosen.Series.Points.Select(p => p.Step));
        Assert.Equal(9.0, chosen.Series.Points.Single(p => p.Step == 400).Value);
        Assert.Equal((7, 1), (chosen.Agreed, chosen.Differed));
        Assert.Equal($"{Formats.MsSwift} {temp.Combine("out/logging.jsonl")}", chosen.Preferred);
        Assert.Contains("1 differ (where they differ, ms_swift_log", chosen.Description, StringComparison.Ordinal);
        Assert.Equal(2, chosen.Sources.Count);
    }

    [Fact]
    public void Runs_in_different_folders_are_never_one_run()
    {
        // Given two copies of one log in two folders
        using var temp = new TempFolder();
        var sim = new HfTrainerSimulation(HfTrainerSimulation.Version.V4_46, maxSteps: 200);
        sim.RunSft(200);
        temp.Write("a/trainer_state.json", sim.SaveToJson());
        temp.Write("b/trainer_state.json", sim.SaveToJson());

        // When
        var runs = LogIngest.Read([temp.Path]).Runs;

        // Then
        Assert.Equal(2, runs.Count);
        Assert.Empty(SameRun.Groups([.. runs.Select(RunSummary.Of)]));
        var candidates = runs.Select((run, i) => (i, run.WithCanonical(CanonicalSeries.SftValLoss).Single())).ToList();
        Assert.Null(SameRun.Choose(runs, candidates, temp.Path));
    }
}
