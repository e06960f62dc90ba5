using System.Text;
using System.Text.Json;

namespace Headroom.Ingest;

/// <summary>
/// The key id of each property name as the reader meets it (the run's, or a chunk's own while chunks are read in
/// parallel), without making a string per property: the entries of a log repeat their keys in the same order, so
/// the key that followed the previous one last time is tried first, then the others.
/// </summary>
internal sealed class Utf8KeyTable(Func<string, int> idOf)
{
    private readonly List<(byte[] Utf8, string Text, int Id)> _keys = [];
    private readonly List<int> _next = [];
    private int _previous = -1;
    private int _first = -1;

    /// <summary>Starts a new object: its first key is predicted from the previous object's first.</summary>
    public void NewObject() => _previous = -1;

    /// <summary>The key the reader's property name is, as (text, run key id).</summary>
    public (string Text, int Id) Find(ref Utf8JsonReader reader)
    {
        return reader.ValueIsEscaped ? Remember(Encoding.UTF8.GetBytes(reader.GetString()!)) : Find(reader.ValueSpan);
    }

    /// <summary>The key a property name without escapes is, as (text, key id).</summary>
    public (string Text, int Id) Find(ReadOnlySpan<byte> name)
    {
        var guess = _previous < 0 ? _first : _next[_previous];
        if (guess >= 0 && name.SequenceEqual(_keys[guess].Utf8))
        {
            return Take(guess);
        }

        for (var i = 0; i < _keys.Count; i++)
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
        for (var i = 0; i < _keys.Count; i++)
        {
            if (utf8.AsSpan().SequenceEqual(_keys[i].Utf8))
            {
                return Take(i);
            }
        }

        var text = Encoding.UTF8.GetString(utf8);
        _keys.Add((utf8, text, idOf(text)));
        _next.Add(-1);
        return Take(_keys.Count - 1);
    }

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
        return (_keys[index].Text, _keys[index].Id);
    }
}
