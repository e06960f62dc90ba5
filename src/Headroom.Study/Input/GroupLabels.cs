using System.Globalization;

namespace Headroom.Study;

/// <summary>Matches branch labels across files: as text first, then as numbers, so "360" finds "360.0".</summary>
internal static class GroupLabels
{
    public static bool TryFind<T>(IReadOnlyDictionary<string, T> values, string label, out T value)
    {
        if (values.TryGetValue(label, out value!))
        {
            return true;
        }

        if (double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out var numeric))
        {
            foreach (var (key, candidate) in values)
            {
                if (double.TryParse(key, NumberStyles.Float, CultureInfo.InvariantCulture, out var k) && k == numeric)
                {
                    value = candidate;
                    return true;
                }
            }
        }

        value = default!;
        return false;
    }

    /// <summary>True when the label is the number zero (the Pure-RL branch of a study keyed by SFT step).</summary>
    public static bool IsZero(string label)
        => double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out var numeric) && numeric == 0;
}
