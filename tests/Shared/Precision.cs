namespace Headroom.Tests;

/// <summary>Assertions with tolerances stated the way numerical libraries state them.</summary>
internal static class Precision
{
    /// <summary>Asserts that <paramref name="actual"/> equals <paramref name="expected"/> to the given number of significant digits.</summary>
    public static void AssertClose(double expected, double actual, int digits, string? what = null)
    {
        var scale = Math.Max(Math.Abs(expected), double.Epsilon);
        var tolerance = scale * Math.Pow(10, -digits);
        Assert.True(
            Math.Abs(expected - actual) <= tolerance,
            $"{what ?? "value"}: expected {expected:R} to {digits} significant digits, got {actual:R}.");
    }

    /// <summary>Asserts that <paramref name="actual"/> lies within an absolute tolerance of <paramref name="expected"/>.</summary>
    public static void AssertWithin(double expected, double actual, double tolerance, string? what = null)
    {
        Assert.True(
            Math.Abs(expected - actual) <= tolerance,
            $"{what ?? "value"}: expected {expected:R} ± {tolerance:R}, got {actual:R}.");
    }
}
