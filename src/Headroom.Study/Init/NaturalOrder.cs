namespace Headroom.Study;

/// <summary>
/// Orders names as people count: digit runs compare as numbers, so `checkpoint-2` comes before `checkpoint-10`
/// and `step600` before `step1200`; the rest compares ordinally.
/// </summary>
internal sealed class NaturalOrder : IComparer<string>
{
    public static NaturalOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                var (a, nextI) = Digits(x, i);
                var (b, nextJ) = Digits(y, j);
                var byValue = CompareDigits(a, b);
                if (byValue != 0)
                {
                    return byValue;
                }

                (i, j) = (nextI, nextJ);
                continue;
            }

            var byChar = x[i].CompareTo(y[j]);
            if (byChar != 0)
            {
                return byChar;
            }

            (i, j) = (i + 1, j + 1);
        }

        return (x.Length - i).CompareTo(y.Length - j) is var rest && rest != 0 ? rest : string.CompareOrdinal(x, y);
    }

    private static (ReadOnlyMemory<char> Digits, int Next) Digits(string text, int start)
    {
        var end = start;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        return (text.AsMemory(start, end - start), end);
    }

    /// <summary>Compares digit runs of any length by value (leading zeros ignored) without parsing them.</summary>
    private static int CompareDigits(ReadOnlyMemory<char> a, ReadOnlyMemory<char> b)
    {
        var x = a.Span.TrimStart('0');
        var y = b.Span.TrimStart('0');
        return x.Length != y.Length ? x.Length.CompareTo(y.Length) : x.SequenceCompareTo(y);
    }
}
