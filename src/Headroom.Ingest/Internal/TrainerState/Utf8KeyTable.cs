using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Headroom.Ingest;

/// <summary>
/// The run's key id of each property name as the reader meets it, without making a string per property: the
/// entries of a log repeat their keys in the same order, so the key that followed the previous one last time is
/// tried first, then the others. `step` is not a series: it has the id <see cref="Step"/> and is never given to the run.
/// </summary>
internal sealed class Utf8KeyTable(Func<string, int> idOf)
{
    /// <summary>The id of the `step` key.</summary>
    public const int Step = -1;

    private (byte[] Utf8, string Text, int Id)[] _keys = new (byte[], string, int)[16];
    private int[] _next = new int[16];
    private int _count;
    private int _previous = -1;
    private int _first = -1;

    /// <summary>Starts a new object: its first key is predicted from the previous object's first.</summary>
    public void NewObject() => _previous = -1;

    /// <summary>The key the reader's property name is, as (text, run key id).</summary>
    public (string Text, int Id) Find(ref Utf8JsonReader reader)
    {
        return reader.ValueIsEscaped ? Remember(Encoding.UTF8.GetBytes(reader.GetString()!)) : Find(reader.ValueSpan);
    }

    /// <summary>
    /// The key whose name is quoted at the start of <paramref name="json"/>, as (text, run key id), and the length of
    /// the quoted name; false when the name holds an escape or a control character, or does not close in the bytes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryMatch(ReadOnlySpan<byte> json, out string text, out int id, out int length)
    {
        var guess = _previous < 0 ? _first : _next[_previous];
        if (guess >= 0)
        {
            var utf8 = _keys[guess].Utf8;
            if (utf8.Length + 1 < json.Length && json[utf8.Length + 1] == (byte)'"' && json.Slice(1, utf8.Length).SequenceEqual(utf8))
            {
                (text, id) = Take(guess);
                length = utf8.Length + 2;
                return true;
            }
        }

        var nameLength = json[1..].IndexOfAny((byte)'"', (byte)'\\');
        if (nameLength < 0 || json[1 + nameLength] != (byte)'"' || json.Slice(1, nameLength).IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0)
        {
            (text, id, length) = (string.Empty, 0, 0);
            return false;
        }

        (text, id) = Find(json.Slice(1, nameLength));
        length = nameLength + 2;
        return true;
    }

    /// <summary>The key a property name without escapes is, as (text, key id).</summary>
    public (string Text, int Id) Find(ReadOnlySpan<byte> name)
    {
        var guess = _previous < 0 ? _first : _next[_previous];
        if (guess >= 0 && name.SequenceEqual(_keys[guess].Utf8))
        {
            return Take(guess);
        }

        for (var i = 0; i < _count; i++)
        {
            if (name.SequenceEqual(_keys[i].Utf8))
            {
                return Take(i);
            }
        }

        return Remember(name.ToArray());
    }

    private (string Text, int Id) Remember(byte[] utf8)
    {
        for (var i = 0; i < _count; i++)
        {
            if (utf8.AsSpan().SequenceEqual(_keys[i].Utf8))
            {
                return Take(i);
            }
        }

        var text = Encoding.UTF8.GetString(utf8);
        if (_count == _keys.Length)
        {
            Array.Resize(ref _keys, 2 * _count);
            Array.Resize(ref _next, 2 * _count);
        }

        _keys[_count] = (utf8, text, text == "step" ? Step : idOf(text));
        _next[_count] = -1;
        return Take(_count++);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private (string Text, int Id) Take(int index)
    {
        if (_previous >= 0)
        {
            _next[_previous] = index;
        }
        else
        {
            _first = index;
        }

        _previous = index;
        ref var key = ref _keys[index];
        return (key.Text, key.Id);
    }
}
