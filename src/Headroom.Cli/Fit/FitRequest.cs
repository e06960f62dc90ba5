using Headroom.Cli.Input;
using Headroom.Core.Fitting;

namespace Headroom.Cli.Fit;

/// <summary>Everything `headroom fit` was asked to do, parsed and validated.</summary>
internal sealed record FitRequest
{
    public required string Path { get; init; }

    public required IReadOnlyList<BranchCurve> Branches { get; init; }

    public required PSftSource PSft { get; init; }

    public required FitMode Mode { get; init; }

    /// <summary>Paper mode: settings per group (from a file), or one for every group (from flags).</summary>
    public IReadOnlyDictionary<string, FitSettings>? PerBranch { get; init; }

    public FitSettings? ForAll { get; init; }

    public required CeilingOptions Ceiling { get; init; }

    /// <summary>The group of the Pure-RL branch, if any.</summary>
    public string? PureRlGroup { get; init; }

    public int Threads { get; init; }
}
