namespace Headroom.Core.Fitting;

/// <summary>How a branch's ceiling was estimated.</summary>
public enum CeilingMethod
{
    /// <summary>The asymptote of the fitted sigmoid law.</summary>
    Sigmoid,

    /// <summary>The peak observed score: the fallback for runs that defy a sigmoid (always flagged).</summary>
    Peak,
}
