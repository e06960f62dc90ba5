namespace Headroom.Core.Fitting;

/// <summary>Which ceiling method the user asks for.</summary>
public enum CeilingMethodChoice
{
    /// <summary>
    /// The sigmoid, falling back to the peak for collapse (in the training window), non-convergence or too few
    /// points; with <see cref="CeilingOptions.ExplicitSettings"/>, only when no fit can be made.
    /// </summary>
    Auto,

    /// <summary>The sigmoid whenever a fit can be made (the peak only when none can).</summary>
    Sigmoid,

    /// <summary>Always the peak observed score.</summary>
    Peak,
}
