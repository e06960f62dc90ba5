using System.Globalization;
using System.Text;

namespace Headroom.Ingest.Tests.Data;

/// <summary>
/// A run as text to the bit (each series' points with their values' bits, the metadata in key order, the skips with
/// their first places), so that two ways of reading the same file can be compared with one equality.
/// </summary>
internal static class RunText
{
    public static string Of(RunLog run)
    {
        var text = new StringBuilder();
        foreach (var series in run.Series)
        {
            text.Append(CultureInfo.InvariantCulture, $"{series.Key} ({series.Canonical}): {series.Points.Count} points");
            foreach (var point in series.Points)
            {
                text.Append(CultureInfo.InvariantCulture, $" {point.Step}={BitConverter.DoubleToInt64Bits(point.Value):x}");
            }

            text.AppendLine();
        }

        foreach (var (name, value) in run.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{name} = {value}");
        }

        foreach (var skip in run.Skipped)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"skipped {skip.Count} x {skip.Reason} at {skip.FirstLocation}");
        }

        return text.ToString();
    }
}
