using Headroom.Core.Regimes;
using Headroom.Lab.Rl;
using Headroom.Lab.World;

namespace Headroom.Lab.Studies;

/// <summary>
/// The paper's experimental design at lab scale (Ding et al. §4): which world, which runs and how long. Every
/// run of a study takes the lab preset's settings plus the preset's overrides (the `--set key=value` of
/// `lab sft` and `lab rl`), so each is one `headroom lab` command a user could type.
/// </summary>
/// <param name="Name">quick or paper.</param>
/// <param name="LabPreset">The lab preset of the world, the base model and the default training settings (tiny, small, full).</param>
/// <param name="WorldSettings">Overrides for `lab data` (the base model's pretraining).</param>
/// <param name="SftSettings">Overrides for every SFT run.</param>
/// <param name="RlSettings">Overrides for every RL run (Pure-RL, synchronized, SFT-then-RL).</param>
internal sealed record StudyPreset(string Name, string LabPreset, IReadOnlyList<string> WorldSettings, IReadOnlyList<string> SftSettings, IReadOnlyList<string> RlSettings)
{
    /// <summary>The SFT sets, each trained from the base model (Pure-SFT, and the source of SFT-then-RL branches).</summary>
    public IReadOnlyList<string> Datasets { get; init; } = LabWorld.DatasetNames;

    /// <summary>Pure-RL from the base model: GRPO and DAPO_d (framework.md §8).</summary>
    public IReadOnlyList<RlAlgorithm> PureRl { get; init; } = [RlAlgorithm.Grpo, RlAlgorithm.DapoD];

    /// <summary>The synchronized SFT+RL methods, from the base model.</summary>
    public IReadOnlyList<RlAlgorithm> Synchronized { get; init; } = [RlAlgorithm.Luffy, RlAlgorithm.Srft, RlAlgorithm.Upt];

    /// <summary>The regimes an SFT run branches from (one branch per regime the run went through): all four by default.</summary>
    public IReadOnlyList<SftRegime> BranchRegimes { get; init; } = [SftRegime.Adaptive, SftRegime.Stable, SftRegime.MildOverfitting, SftRegime.SevereOverfitting];

    /// <summary>SFT-then-RL's algorithm: DAPO_dc, as the paper's branches.</summary>
    public RlAlgorithm BranchAlgorithm { get; init; } = RlAlgorithm.DapoDc;

    /// <summary>
    /// Short runs (docs/lab-findings.md) on the `small` world (57K parameters; about half an hour to build on one core), SFT at the preset's 200 steps with a
    /// checkpoint every 10 (so the regimes are resolved), RL 30 steps with an evaluation every 5, and branches
    /// only at the recommended switch (Stable) and, where a run overfits severely, its last checkpoint.
    /// </summary>
    public static StudyPreset Quick { get; } = new("quick", "small", [], ["eval_interval=10"], ["max_steps=30", "eval_interval=5"])
    {
        BranchRegimes = [SftRegime.Stable, SftRegime.SevereOverfitting],
    };

    /// <summary>
    /// Under 4 hours on 2 cores: the same `small` world, SFT 400 steps (long enough to overfit the 400-example
    /// sets) with a checkpoint every 20, branches in every regime each run went through, RL 100 steps with an
    /// evaluation every 10 (from the base model the headline rises ~0.005 a step towards what RL can reach
    /// without the unfamiliar multiplications, so the curves bend within it and ceilings can be identified).
    /// </summary>
    public static StudyPreset Paper { get; } = new("paper", "small", [], ["max_steps=400", "eval_interval=20"], ["max_steps=100", "eval_interval=10"]);

    /// <summary>quick or paper; another name is a <see cref="LabException"/>.</summary>
    public static StudyPreset Named(string name) => name.ToLowerInvariant() switch
    {
        "quick" => Quick,
        "paper" => Paper,
        _ => throw LabException.UnknownStudyPreset(name),
    };
}
