using Headroom.Lab.Studies;
using Headroom.Lab.Training;

namespace Headroom.Lab;

/// <summary>
/// `headroom lab study`: the paper's experimental design at lab scale (Pure-SFT on the five data sets;
/// Pure-RL GRPO and DAPO_d, LUFFY, SRFT and UPT from the base model; SFT-then-RL DAPO_dc from a checkpoint
/// of each SFT run in every regime it went through), each run its own `headroom lab` process in a pool of
/// `--jobs` workers, leaving study.yaml for `headroom analyze`. Idempotent: finished runs are skipped, a
/// killed study resumes where it stopped, and the manifest comes out the same.
/// </summary>
public static class LabStudy
{
    /// <summary>Runs (or resumes) the study; bad options are a <see cref="LabException"/> before any work.</summary>
    public static LabStudyReport Run(LabStudyOptions options, WorkerCommand worker, IProgress<StudyProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(worker);
        _ = new LabOptions { Out = options.Out, Threads = options.Threads }.Checked();
        if (options.Jobs < 1)
        {
            throw LabException.BadJobs(options.Jobs);
        }

        var preset = Resolve(options);
        var folder = Path.GetFullPath(options.Out);
        var settings = new StudySettings(folder, Path.GetFullPath(options.World ?? Path.Combine(folder, "lab")), options.Seed, options.Threads);
        using var studyLock = RunLock.Acquire(folder, "headroom lab study");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var runner = new StudyRunner(new StudyPlanner(preset, settings), settings, worker, options.Jobs, progress);
        var (world, runs) = runner.RunAsync(cancel).GetAwaiter().GetResult();
        var manifest = StudyManifestWriter.Write(preset, settings, world, [.. runs.Select(r => r.Run)]);
        return new LabStudyReport(folder, manifest, preset.Name, preset.LabPreset, options.Seed, options.Threads, options.Jobs, [.. runs.Select(r => r.Result)], clock.Elapsed.TotalSeconds);
    }

    /// <summary>The named preset with --lab-preset and every --set applied, each override checked against the settings it changes.</summary>
    private static StudyPreset Resolve(LabStudyOptions options)
    {
        var preset = StudyPreset.Named(options.Preset);
        preset = preset with { LabPreset = options.LabPreset ?? preset.LabPreset, Datasets = options.Datasets ?? preset.Datasets };
        if (preset.Datasets.FirstOrDefault(d => !World.LabWorld.DatasetNames.Contains(d)) is { } unknown)
        {
            throw LabException.UnknownDataset(unknown, World.LabWorld.DatasetNames);
        }

        var lab = LabPreset.Named(preset.LabPreset);
        var (world, sft, rl) = (new List<string>(preset.WorldSettings), new List<string>(preset.SftSettings), new List<string>(preset.RlSettings));
        foreach (var setting in options.Settings)
        {
            var split = setting.IndexOf('.', StringComparison.Ordinal);
            var target = split < 0 ? null : setting[..split] switch { "world" => world, "sft" => sft, "rl" => rl, _ => null };
            (target ?? throw LabException.BadStudySetting(setting)).Add(setting[(split + 1)..]);
        }

        _ = ConfigOverrides.Apply(lab.Pretrain, world);
        _ = ConfigOverrides.Apply(lab.Sft, sft);
        _ = ConfigOverrides.Apply(lab.Rl, rl);
        return preset with { WorldSettings = world, SftSettings = sft, RlSettings = rl };
    }
}
