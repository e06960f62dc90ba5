using System.Globalization;
using System.Text.RegularExpressions;

namespace Headroom.Ingest;

/// <summary>
/// Durations as trainers print them: Python's `str(timedelta)` ("H:MM:SS", "2 days, 3:04:05", with optional
/// fractional seconds) as LLaMA-Factory writes, and ms-swift's "1h 2m 3s" / "3m 4s" / "5s".
/// </summary>
internal static partial class ElapsedTime
{
    public static bool TryParseSeconds(string? text, out double seconds)
    {
        seconds = double.NaN;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (TryClock(text.AsSpan().Trim(), out seconds))
        {
            return true;
        }

        var match = Timedelta().Match(text.Trim());
        if (match.Success)
        {
            var days = match.Groups["d"].Success ? double.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture) : 0;
            seconds = (days * 86400)
                + (double.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture) * 3600)
                + (double.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture) * 60)
                + double.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture);
            return true;
        }

        match = Units().Match(text.Trim());
        if (match.Success && match.Length > 0)
        {
            seconds = 0;
            foreach (var (group, factor) in new[] { ("d", 86400.0), ("h", 3600.0), ("m", 60.0), ("s", 1.0) })
            {
                if (match.Groups[group].Success)
                {
                    seconds += double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) * factor;
                }
            }

            return true;
        }

        return false;
    }

    /// <summary>"H:MM:SS" with optional fractional seconds (a timedelta under a day, what nearly every line holds), read without the regex.</summary>
    private static bool TryClock(ReadOnlySpan<char> text, out double seconds)
    {
        seconds = double.NaN;
        var first = text.IndexOf(':');
        var second = first < 0 ? -1 : text.LastIndexOf(':');
        if (first <= 0 || second != first + 3)
        {
            return false;
        }

        var hours = text[..first];
        var minutes = text[(first + 1)..second];
        var rest = text[(second + 1)..];
        var fraction = rest.Length > 2 ? rest[2..] : [];
        if (!Digits(hours) || !Digits(minutes) || rest.Length < 2 || !Digits(rest[..2]) || (fraction.Length > 0 && (fraction[0] != '.' || !Digits(fraction[1..]))))
        {
            return false;
        }

        seconds = (double.Parse(hours, CultureInfo.InvariantCulture) * 3600) + (double.Parse(minutes, CultureInfo.InvariantCulture) * 60) + double.Parse(rest, CultureInfo.InvariantCulture);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> text) => text.Length > 0 && !text.ContainsAnyExceptInRange('0', '9');

    [GeneratedRegex(@"^((?<d>-?[0-9]+) days?, )?(?<h>[0-9]+):(?<m>[0-9]{2}):(?<s>[0-9]{2}(\.[0-9]+)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex Timedelta();

    [GeneratedRegex(@"^((?<d>[0-9]+)d\s*)?((?<h>[0-9]+)h\s*)?((?<m>[0-9]+)m\s*)?((?<s>[0-9]+(\.[0-9]+)?)s)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Units();
}
