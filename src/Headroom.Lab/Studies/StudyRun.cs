using Headroom.Lab.Rl;

namespace Headroom.Lab.Studies;

/// <summary>What a study run is in the paper's design.</summary>
internal enum StudyRunKind
{
    /// <summary>`lab data`: the world, its base model and data sets.</summary>
    World,

    /// <summary>Pure-SFT on one data set from the base model.</summary>
    Sft,

    /// <summary>Pure-RL from the base model.</summary>
    PureRl,

    /// <summary>A synchronized SFT+RL method from the base model.</summary>
    Synchronized,

    /// <summary>SFT-then-RL from one SFT checkpoint.</summary>
    Branch,
}

/// <summary>One `headroom lab` command of a study and where it writes.</summary>
/// <param name="Id">world, sft/NAME or rl/NAME: unique in the study, and its folder's path under the study folder (the world's is lab/).</param>
/// <param name="Kind">Its role in the design.</param>
/// <param name="Folder">The run's output folder (absolute).</param>
/// <param name="Arguments">The lab command's arguments (`sft --dataset uniform --out ...`).</param>
internal sealed record StudyRun(string Id, StudyRunKind Kind, string Folder, IReadOnlyList<string> Arguments)
{
    /// <summary>The SFT set of an SFT run or of the SFT run a branch starts from.</summary>
    public string? Dataset { get; init; }

    /// <summary>A branch's SFT checkpoint step.</summary>
    public int? FromStep { get; init; }

    /// <summary>The regime of a branch's SFT checkpoint (Adaptive, Stable, Mild, Severe).</summary>
    public string? Regime { get; init; }

    /// <summary>An RL run's algorithm.</summary>
    public RlAlgorithm? Algorithm { get; init; }
}
