using Headroom.Core.Fitting;

namespace Headroom.Study;

/// <summary>A set of branches to fit and how to choose their settings, parsed and validated.</summary>
public sealed record FitRequest
{
    /// <summary>The file or manifest the branches came from, for messages.</summary>
    public required string Path { get; init; }

    /// <summary>The branches.</summary>
    public required IReadOnlyList<BranchCurve> Branches { get; init; }

    /// <summary>Where P_sft and the SFT validation losses came from.</summary>
    public required PSftSource PSft { get; init; }

    /// <summary>How each branch's settings are chosen.</summary>
    public required FitMode Mode { get; init; }

    /// <summary>Paper mode: settings per group (from a file).</summary>
    public IReadOnlyDictionary<string, FitSettings>? PerBranch { get; init; }

    /// <summary>Settings for every group (from flags); in the default mode they replace the defaults.</summary>
    public FitSettings? ForAll { get; init; }

    /// <summary>Method choice and bootstrap.</summary>
    public required CeilingOptions Ceiling { get; init; }

    /// <summary>The group of the Pure-RL branch, if any (default: the group numbered 0).</summary>
    public string? PureRlGroup { get; init; }

    /// <summary>Worker threads of the auto search (0 = every core).</summary>
    public int Threads { get; init; }
}
