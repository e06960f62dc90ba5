namespace Headroom.Tests;

/// <summary>
/// Golden-file comparison (an in-house stand-in for Verify, which the mirror does not serve). The
/// expected text lives in `tests/&lt;Project&gt;/Expected/&lt;Area&gt;/&lt;Name&gt;.verified.&lt;ext&gt;`;
/// on a mismatch the actual text is written beside it as `.received.&lt;ext&gt;` for review.
/// Set HEADROOM_ACCEPT_GOLDEN=1 to accept new output.
/// </summary>
internal static class Golden
{
    /// <summary>Compares <paramref name="actual"/> with the committed golden file, line endings normalised.</summary>
    public static void Verify(string project, string area, string name, string extension, string actual)
    {
        var folder = SharedData.InRepository("tests", project, "Expected", area);
        var verified = Path.Combine(folder, $"{name}.verified.{extension}");
        var received = Path.Combine(folder, $"{name}.received.{extension}");
        var normalised = actual.Replace("\r\n", "\n");

        if (Environment.GetEnvironmentVariable("HEADROOM_ACCEPT_GOLDEN") == "1")
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(verified, normalised);
        }

        var expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;
        if (expected == normalised)
        {
            File.Delete(received);
            return;
        }

        Directory.CreateDirectory(folder);
        File.WriteAllText(received, normalised);
        Assert.Fail(expected is null
            ? $"No golden file {verified}; the output was written to {received}. Review it and rename it to accept."
            : $"Output differs from {verified}; the new output was written to {received}.");
    }
}
