using System.Text.RegularExpressions;

namespace Headroom.Ingest;

/// <summary>
/// One line of a mapping table: an exact key or a regular expression (optionally limited to some formats)
/// and what it means. A null <see cref="Canonical"/> says "no canonical name" (a user suppressing a
/// built-in mapping). The benchmark comes from the fixed <see cref="Benchmark"/> or from the pattern's
/// `benchmark` group.
/// </summary>
internal sealed record NameRule(
    string? Exact,
    Regex? Pattern,
    string? Canonical,
    double Scale = 1.0,
    string? Benchmark = null,
    IReadOnlySet<string>? Formats = null,
    bool SftOnly = false)
{
    public static NameRule Key(string key, string? canonical, double scale = 1.0, bool sftOnly = false, params string[] formats)
        => new(key, null, canonical, scale, null, formats.Length == 0 ? null : formats.ToHashSet(StringComparer.Ordinal), sftOnly);

    public static NameRule Regex(string pattern, string? canonical, double scale = 1.0, bool sftOnly = false, params string[] formats)
        => new(null, new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture), canonical, scale, null,
            formats.Length == 0 ? null : formats.ToHashSet(StringComparer.Ordinal), sftOnly);

    /// <summary>The meaning of <paramref name="key"/> under this rule, or false when the rule does not apply.</summary>
    public bool TryMatch(string format, string key, out CanonicalName? name)
    {
        name = null;
        if (Formats is not null && !Formats.Contains(format))
        {
            return false;
        }

        string? benchmark = Benchmark;
        if (Exact is not null)
        {
            if (!string.Equals(Exact, key, StringComparison.Ordinal))
            {
                return false;
            }
        }
        else
        {
            var match = Pattern!.Match(key);
            if (!match.Success)
            {
                return false;
            }

            var group = match.Groups["benchmark"];
            if (group.Success && group.Length > 0)
            {
                benchmark = group.Value;
            }
        }

        name = Canonical is null ? null : new CanonicalName(Canonical, benchmark, Scale);
        return true;
    }
}
