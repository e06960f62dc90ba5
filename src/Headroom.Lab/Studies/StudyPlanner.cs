using System.Globalization;
using Headroom.Lab.Rl;
using Headroom.Lab.Training;

namespace Headroom.Lab.Studies;

/// <summary>
/// The runs of a study as `headroom lab` commands: the world first; then, independent of each other, SFT on
/// every non-empty data set, Pure-RL and the synchronized methods from the base model; and, once an SFT run
/// has finished, its SFT-then-RL branches (<see cref="BranchPoints"/>). Folders: OUT/lab (unless --world),
/// OUT/sft/NAME, OUT/rl/NAME.
/// </summary>
internal sealed class StudyPlanner(StudyPreset preset, StudySettings settings)
{
    public StudyPreset Preset => preset;

    public StudyRun World()
        => new("world", StudyRunKind.World, settings.WorldFolder, [.. Common("data", settings.WorldFolder), .. Sets(preset.WorldSettings)]);

    /// <summary>The runs that need only the world: SFT on each data set with examples, Pure-RL, synchronized.</summary>
    public IReadOnlyList<StudyRun> Independent(IReadOnlyList<DatasetSummary> sets)
    {
        var runs = new List<StudyRun>();
        foreach (var dataset in preset.Datasets.Where(d => sets.Any(s => s.Name == d && s.Examples > 0)))
        {
            var folder = Folder("sft", dataset);
            runs.Add(new StudyRun("sft/" + dataset, StudyRunKind.Sft, folder, [.. Common("sft", folder), "--world", settings.WorldFolder, "--dataset", dataset, .. Sets(WorldSeeds), .. Sets(preset.SftSettings)]) { Dataset = dataset });
        }

        runs.AddRange(preset.PureRl.Select(a => FromBase(a, StudyRunKind.PureRl)));
        runs.AddRange(preset.Synchronized.Select(a => FromBase(a, StudyRunKind.Synchronized)));
        return runs;
    }

    /// <summary>The SFT-then-RL branches of a finished SFT run: one per regime it went through, of the preset's branch regimes.</summary>
    public IReadOnlyList<StudyRun> Branches(StudyRun sft)
    {
        var state = TrainerStateFile.Read(Path.Combine(sft.Folder, TrainerStateFile.FileName));
        var evaluations = state.LogHistory.Where(e => e.ContainsKey("eval_loss") && e["step"] > 0).ToList();
        var points = BranchPoints.Choose([.. evaluations.Select(e => e["step"])], [.. evaluations.Select(e => e["eval_loss"])]);
        return [.. points.Where(p => preset.BranchRegimes.Contains(p.Regime)).Select(p =>
        {
            var name = $"{sft.Dataset}-{p.Step.ToString(CultureInfo.InvariantCulture)}";
            var folder = Folder("rl", name);
            var from = Path.Combine(sft.Folder, $"checkpoint-{p.Step.ToString(CultureInfo.InvariantCulture)}");
            return new StudyRun("rl/" + name, StudyRunKind.Branch, folder, Rl(folder, from, preset.BranchAlgorithm))
            {
                Dataset = sft.Dataset,
                FromStep = p.Step,
                Regime = BranchPoints.Name(p.Regime),
                Algorithm = preset.BranchAlgorithm,
            };
        })];
    }

    private StudyRun FromBase(RlAlgorithm algorithm, StudyRunKind kind)
    {
        var name = RlRun.AlgorithmName(algorithm) + "-base";
        var folder = Folder("rl", name);
        return new StudyRun("rl/" + name, kind, folder, Rl(folder, "base", algorithm)) { Algorithm = algorithm };
    }

    private List<string> Rl(string folder, string from, RlAlgorithm algorithm)
        => [.. Common("rl", folder), "--world", settings.WorldFolder, "--from", from, "--algorithm", RlRun.AlgorithmName(algorithm), .. Sets(WorldSeeds), .. Sets(preset.RlSettings)];

    // The seeds that name the world (`world.seed.world=N`, `world.seed.pretrain=N`) go to every run too: each run
    // checks that the world it is given was built with its seeds.
    private IEnumerable<string> WorldSeeds
        => preset.WorldSettings.Where(s => s.StartsWith("seed.world=", StringComparison.Ordinal) || s.StartsWith("seed.pretrain=", StringComparison.Ordinal));

    private string Folder(string area, string name) => Path.Combine(settings.Folder, area, name);

    private List<string> Common(string command, string folder)
        => [command, "--preset", preset.LabPreset, "--out", folder, "--seed", settings.Seed.ToString(CultureInfo.InvariantCulture), "--threads", settings.Threads.ToString(CultureInfo.InvariantCulture), "--format", "json"];

    private static IEnumerable<string> Sets(IEnumerable<string> settings) => settings.SelectMany(s => new[] { "--set", s });
}

/// <summary>Where a study writes and what every run shares.</summary>
/// <param name="Folder">The study folder (absolute).</param>
/// <param name="WorldFolder">The lab folder of the world (absolute): Folder/lab, or a world the user named.</param>
/// <param name="Seed">Every seed of every run (`--seed`).</param>
/// <param name="Threads">Torch threads per run.</param>
internal sealed record StudySettings(string Folder, string WorldFolder, int Seed, int Threads);
