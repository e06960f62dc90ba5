using System.Globalization;
using System.Text;

namespace Headroom.Ingest.Tests.Data;

/// <summary>
/// A reproduction of CPython's `json.dumps` (allow_nan=True, ensure_ascii=True) with `indent` and
/// `sort_keys`, and of `float.__repr__` (shortest round-trip digits; scientific notation when the decimal
/// exponent is below -4 or at least 16; `NaN`, `Infinity`, `-Infinity` written bare). Values: null, bool,
/// int/long, double, string, IEnumerable of values, and IDictionary&lt;string, object?&gt; (insertion order kept
/// unless sort_keys).
/// </summary>
internal static class PythonJson
{
    public static string Dumps(object? value, int? indent = null, bool sortKeys = false, string itemSeparator = ", ", string keySeparator = ": ")
    {
        var builder = new StringBuilder();
        Write(builder, value, indent, sortKeys, 0, indent is null ? itemSeparator : ",", keySeparator);
        return builder.ToString();
    }

    /// <summary>CPython's repr of a float.</summary>
    public static string FloatRepr(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        var r = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        string digits;
        int pointPos;
        var e = r.IndexOf('E');
        var mantissa = e < 0 ? r : r[..e];
        var exponent = e < 0 ? 0 : int.Parse(r[(e + 1)..], CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.');
        digits = mantissa.Replace(".", string.Empty);
        pointPos = (dot < 0 ? mantissa.Length : dot) + exponent;
        var leading = digits.Length - digits.TrimStart('0').Length;
        digits = digits.TrimStart('0');
        pointPos -= leading;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        var x = pointPos - 1;
        var sign = value < 0 ? "-" : string.Empty;
        if (x is >= -4 and < 16)
        {
            string text;
            if (pointPos <= 0)
            {
                text = "0." + new string('0', -pointPos) + digits;
            }
            else if (pointPos >= digits.Length)
            {
                text = digits + new string('0', pointPos - digits.Length) + ".0";
            }
            else
            {
                text = digits[..pointPos] + "." + digits[pointPos..];
            }

            return sign + text;
        }

        var rest = digits.Length > 1 ? "." + digits[1..] : string.Empty;
        return $"{sign}{digits[0]}{rest}e{(x < 0 ? "-" : "+")}{Math.Abs(x):00}";
    }

    private static void Write(StringBuilder b, object? value, int? indent, bool sortKeys, int level, string itemSeparator, string keySeparator)
    {
        switch (value)
        {
            case null:
                b.Append("null");
                break;
            case bool flag:
                b.Append(flag ? "true" : "false");
                break;
            case int or long:
                b.Append(Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
                break;
            case double number:
                b.Append(FloatRepr(number));
                break;
            case string text:
                WriteString(b, text);
                break;
            case IEnumerable<KeyValuePair<string, object?>> dictionary:
                var pairs = sortKeys ? dictionary.OrderBy(p => p.Key, StringComparer.Ordinal).ToList() : dictionary.ToList();
                WriteContainer(b, '{', '}', pairs.Count, indent, level, itemSeparator, i =>
                {
                    WriteString(b, pairs[i].Key);
                    b.Append(keySeparator);
                    Write(b, pairs[i].Value, indent, sortKeys, level + 1, itemSeparator, keySeparator);
                });
                break;
            case System.Collections.IEnumerable list:
                var items = list.Cast<object?>().ToList();
                WriteContainer(b, '[', ']', items.Count, indent, level, itemSeparator, i => Write(b, items[i], indent, sortKeys, level + 1, itemSeparator, keySeparator));
                break;
            default:
                throw new ArgumentException($"Unsupported value {value.GetType()}.");
        }
    }

    private static void WriteContainer(StringBuilder b, char open, char close, int count, int? indent, int level, string itemSeparator, Action<int> item)
    {
        b.Append(open);
        if (count == 0)
        {
            b.Append(close);
            return;
        }

        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                b.Append(itemSeparator);
            }

            if (indent is { } n)
            {
                b.Append('\n').Append(' ', n * (level + 1));
            }

            item(i);
        }

        if (indent is { } m)
        {
            b.Append('\n').Append(' ', m * level);
        }

        b.Append(close);
    }

    private static void WriteString(StringBuilder b, string text)
    {
        b.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': b.Append("\\\""); break;
                case '\\': b.Append("\\\\"); break;
                case '\n': b.Append("\\n"); break;
                case '\r': b.Append("\\r"); break;
                case '\t': b.Append("\\t"); break;
                case '\b': b.Append("\\b"); break;
                case '\f': b.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e)
                    {
                        b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        b.Append(c);
                    }

                    break;
            }
        }

        b.Append('"');
    }
}
