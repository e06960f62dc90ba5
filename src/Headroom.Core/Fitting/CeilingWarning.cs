namespace Headroom.Core.Fitting;

/// <summary>Something the user must know about an estimate: a stable code for scripts and one plain sentence.</summary>
/// <param name="Code">A stable snake_case code, e.g. <c>c_mid_beyond_data</c>.</param>
/// <param name="Message">One sentence for people.</param>
public sealed record CeilingWarning(string Code, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Code}: {Message}";
}
