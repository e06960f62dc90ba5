namespace Headroom.Core.Selection;

/// <summary>Settings of the dataset selection (framework.md §5).</summary>
public sealed record SelectionOptions
{
    /// <summary>The paper-free defaults: 95% prediction intervals.</summary>
    public static SelectionOptions Default { get; } = new();

    /// <summary>Coverage of the prediction intervals, strictly between 0 and 1 (default 0.95).</summary>
    public double Level { get; init; } = 0.95;

    /// <summary>Throws when the level is not strictly between 0 and 1.</summary>
    /// <exception cref="InvalidSettingException">The level is not a probability in (0, 1).</exception>
    public void Validate()
    {
        if (!(Level > 0 && Level < 1))
        {
            throw InvalidSettingException.OutOfRange("level", Level, "strictly between 0 and 1 (e.g. 0.95)");
        }
    }
}
