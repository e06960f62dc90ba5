using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Headroom.Ingest;

/// <summary>
/// Property names as strings decoded once: a log repeats the same few dozen keys on every line, and decoding each
/// anew (<see cref="JsonProperty.Name"/>) is a string per value. Names with escapes, long names and names past the
/// cache's bound (a file whose keys never repeat) are decoded as usual.
/// </summary>
internal static class PropertyNames
{
    private const int MaxLength = 256;
    private const int MaxNames = 4096;

    [ThreadStatic]
    private static Dictionary<string, string>? _names;

    public static string Of(JsonProperty property)
    {
        var utf8 = JsonMarshal.GetRawUtf8PropertyName(property);
        if (utf8.Length > MaxLength || utf8.Contains((byte)'\\'))
        {
            return property.Name;
        }

        Span<char> chars = stackalloc char[MaxLength];
        var length = Encoding.UTF8.GetChars(utf8, chars);
        _names ??= new Dictionary<string, string>(StringComparer.Ordinal);
        var lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars[..length], out var name))
        {
            return name;
        }

        name = new string(chars[..length]);
        if (_names.Count < MaxNames)
        {
            _names[name] = name;
        }

        return name;
    }
}
