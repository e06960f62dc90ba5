namespace Headroom.Core.Fitting;

/// <summary>How a fit ended. Non-convergence is a status, not an exception.</summary>
public enum FitStatus
{
    /// <summary>The optimiser met its tolerance.</summary>
    Converged,

    /// <summary>The optimiser stopped at its iteration limit; the parameters are the best found.</summary>
    MaxIterations,

    /// <summary>The data cannot determine the parameters (too few points, constant scores).</summary>
    NotIdentified,

    /// <summary>The data or the result holds NaN or infinite values.</summary>
    InvalidValues,
}
