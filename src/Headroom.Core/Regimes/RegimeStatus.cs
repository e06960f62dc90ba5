namespace Headroom.Core.Regimes;

/// <summary>Whether a loss series could be labelled; anything but <see cref="Labelled"/> comes with no labels.</summary>
public enum RegimeStatus
{
    /// <summary>Every checkpoint with a finite loss has a regime.</summary>
    Labelled,

    /// <summary>The series has no checkpoint at all.</summary>
    Empty,

    /// <summary>Every loss is NaN or infinite.</summary>
    NoFiniteLoss,

    /// <summary>The minimum loss is zero or negative, so the relative band (1+δ) L_min is not a band.</summary>
    NonPositiveMinimum,
}
