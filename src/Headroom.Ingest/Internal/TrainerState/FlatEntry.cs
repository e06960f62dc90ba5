using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Headroom.Ingest;

/// <summary>
/// One `log_history` entry read from its bytes, the braces included, exactly as <see cref="TrainerStateFile"/> reads
/// it from the stream. The common shape, a flat object of <c>"key": number | null | string | true | false</c> (bare
/// NaN/Infinity too) without escapes, is read by hand, each number straight into its value; anything else (a nested
/// value, an escape) by System.Text.Json. False when the entry is not valid JSON: the caller leaves it to the stream
/// reader, to report the error where it is.
/// </summary>
internal static class FlatEntry
{
    public static bool TryRead(ReadOnlySpan<byte> json, Utf8KeyTable keys, TrainerStateEntry entry)
    {
        if (TryReadFlat(json, keys, entry))
        {
            return true;
        }

        entry.Restart();
        return TryReadWhole(json, keys, entry);
    }

    /// <summary>The flat entry; false at anything else (the caller reads it again otherwise). The last byte is its <c>}</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryReadFlat(ReadOnlySpan<byte> json, Utf8KeyTable keys, TrainerStateEntry entry)
    {
        keys.NewObject();
        var i = JsonStructure.SkipWhitespace(json, 1);
        if (json[i] == (byte)'}')
        {
            return i == json.Length - 1;
        }

        while (true)
        {
            if (json[i] != (byte)'"' || !keys.TryMatch(json[i..], out var key, out var id, out var nameLength))
            {
                return false;
            }

            i = JsonStructure.SkipWhitespace(json, i + nameLength);
            if (json[i] != (byte)':')
            {
                return false;
            }

            i = JsonStructure.SkipWhitespace(json, i + 1);
            if (!TryValue(json, ref i, out var number, out var isNull))
            {
                return false;
            }

            if (id == Utf8KeyTable.Step)
            {
                entry.HasStep = true;
                entry.Step = number;
            }
            else if (number is { } value)
            {
                entry.Add(id, value);
            }
            else
            {
                entry.Skip(isNull ? $"null value of '{key}'" : $"non-numeric value of '{key}'");
            }

            i = JsonStructure.SkipWhitespace(json, i);
            if (json[i] == (byte)'}')
            {
                return i == json.Length - 1;
            }

            if (json[i] != (byte)',')
            {
                return false;
            }

            i = JsonStructure.SkipWhitespace(json, i + 1);
        }
    }

    /// <summary>A scalar value at <paramref name="i"/>, moving past it: its number when it holds one (a numeric string too).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryValue(ReadOnlySpan<byte> json, ref int i, out double? number, out bool isNull)
    {
        number = null;
        isNull = false;
        var rest = json[i..];
        switch (rest[0])
        {
            case (byte)'"':
                var length = rest[1..].IndexOfAny((byte)'"', (byte)'\\');
                if (length < 0 || rest[1 + length] != (byte)'"' || rest.Slice(1, length).IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0)
                {
                    return false;
                }

                number = Numbers.TryParse(Encoding.UTF8.GetString(rest.Slice(1, length)), out var parsed) ? parsed : null;
                i += length + 2;
                return true;
            case (byte)'n':
                isNull = true;
                return Literal(rest, "null"u8, ref i);
            case (byte)'t':
                return Literal(rest, "true"u8, ref i);
            case (byte)'f':
                return Literal(rest, "false"u8, ref i);
            case (byte)'N':
                number = double.NaN;
                return Literal(rest, "NaN"u8, ref i);
            case (byte)'I':
                number = double.PositiveInfinity;
                return Literal(rest, "Infinity"u8, ref i);
            case (byte)'-' when rest.Length > 1 && rest[1] == (byte)'I':
                number = double.NegativeInfinity;
                return Literal(rest, "-Infinity"u8, ref i);
            default:
                var digits = JsonNumber.Read(rest, out var read);
                number = read;
                i += digits;
                return digits > 0;
        }
    }

    private static bool Literal(ReadOnlySpan<byte> rest, ReadOnlySpan<byte> literal, ref int i)
    {
        i += literal.Length;
        return rest.StartsWith(literal);
    }

    /// <summary>The entry through System.Text.Json, as the stream reads it (at the depth it has in the file).</summary>
    private static bool TryReadWhole(ReadOnlySpan<byte> bytes, Utf8KeyTable keys, TrainerStateEntry entry)
    {
        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        var json = new JsonFileStream(stream, bytes.Length + 1, maxDepth: 254);
        var reader = json.Start();
        try
        {
            if (!json.Read(ref reader) || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            TrainerStateFile.ReadEntry(json, ref reader, keys, entry);
            return reader.TokenType == JsonTokenType.EndObject && !json.Read(ref reader);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
