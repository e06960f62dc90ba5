using Headroom.Core.Fitting;

namespace Headroom.Study;

/// <summary>A branch as read, before fitting: its curve joined with compute, where it starts and how it was read.</summary>
internal sealed record MeasuredBranch(
    BranchSpec Spec,
    string Name,
    string Group,
    Paradigm Paradigm,
    double? SftStep,
    double SftExaFlops,
    BranchCurve Curve,
    IReadOnlyList<double> Steps,
    string ComputeBasis,
    string Source,
    IReadOnlyList<string> Notes);
