using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Headroom.Ingest;

/// <summary>
/// Interns summary tags: maps the UTF-8 bytes of a tag to a small integer id and one shared string,
/// so a file of millions of events allocates one string per distinct tag. Also remembers, per tag,
/// the plugin named by the first value that carried metadata (writers send metadata only with the
/// first value of each tag).
/// </summary>
internal sealed class TagTable
{
    private Entry[] _entries = new Entry[16];
    private int _count;
    private int _previous = -1;
    private int[] _buckets = new int[64];

    public TagTable() => Array.Fill(_buckets, -1);

    /// <summary>Number of distinct tags.</summary>
    public int Count => _count;

    /// <summary>The tag's text.</summary>
    public string NameOf(int id) => _entries[id].Name;

    /// <summary>The tag's UTF-8 bytes.</summary>
    public ReadOnlySpan<byte> BytesOf(int id) => _entries[id].Bytes;

    /// <summary>The plugin the tag's metadata named, or null when none was seen.</summary>
    public string? PluginOf(int id) => _entries[id].Plugin;

    /// <summary>Records the plugin named by a value's metadata (an empty name is ignored).</summary>
    public void SetPlugin(int id, ReadOnlySpan<byte> pluginName)
    {
        if (pluginName.IsEmpty)
        {
            return;
        }

        var entry = _entries[id];
        if (!pluginName.SequenceEqual(entry.PluginBytes))
        {
            entry.PluginBytes = pluginName.ToArray();
            entry.Plugin = Encoding.UTF8.GetString(pluginName);
        }
    }

    /// <summary>
    /// The id of the tag with these UTF-8 bytes, adding it on first sight. Trainers log the same
    /// tags in the same order every step, so the tag that followed the previous one last time is
    /// tried first: one byte comparison instead of hashing and probing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Intern(ReadOnlySpan<byte> utf8)
    {
        var previous = _previous;
        if (previous >= 0)
        {
            var predicted = _entries[previous].Successor;
            if (predicted >= 0 && utf8.SequenceEqual(_entries[predicted].Bytes))
            {
                _previous = predicted;
                return predicted;
            }
        }

        var id = Lookup(utf8);
        if (previous >= 0)
        {
            _entries[previous].Successor = id;
        }

        _previous = id;
        return id;
    }

    private int Lookup(ReadOnlySpan<byte> utf8)
    {
        var hash = Hash(utf8);
        var buckets = _buckets;
        var mask = buckets.Length - 1;
        var slot = hash & mask;
        while (true)
        {
            var id = buckets[slot];
            if (id < 0)
            {
                return Add(utf8, hash, slot);
            }

            var entry = _entries[id];
            if (entry.Hash == hash && utf8.SequenceEqual(entry.Bytes))
            {
                return id;
            }

            slot = (slot + 1) & mask;
        }
    }

    private int Add(ReadOnlySpan<byte> utf8, int hash, int slot)
    {
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _count * 2);
        }

        var id = _count++;
        _entries[id] = new Entry(utf8.ToArray(), hash, Encoding.UTF8.GetString(utf8));
        _buckets[slot] = id;
        if (_count * 2 > _buckets.Length)
        {
            Rehash();
        }

        return id;
    }

    private void Rehash()
    {
        _buckets = new int[_buckets.Length * 2];
        Array.Fill(_buckets, -1);
        var mask = _buckets.Length - 1;
        for (var id = 0; id < _count; id++)
        {
            var slot = _entries[id].Hash & mask;
            while (_buckets[slot] >= 0)
            {
                slot = (slot + 1) & mask;
            }

            _buckets[slot] = id;
        }
    }

    // Mixes the length with the first and last 8 bytes: enough to spread real tag sets (which differ
    // at the start, the end or in length) and cheap on the hot path; equal hashes are resolved by
    // comparing the bytes, so a collision costs time, never correctness.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(ReadOnlySpan<byte> data)
    {
        ref var start = ref MemoryMarshal.GetReference(data);
        var length = data.Length;
        ulong head;
        ulong tail;
        if (length >= 8)
        {
            head = Unsafe.ReadUnaligned<ulong>(ref start);
            tail = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, length - 8));
        }
        else
        {
            head = 0;
            for (var i = 0; i < length; i++)
            {
                head |= (ulong)Unsafe.Add(ref start, i) << (8 * i);
            }

            tail = 0;
        }

        var h = (head * 0x9E3779B97F4A7C15UL) ^ BitRotate(tail * 0xC2B2AE3D27D4EB4FUL) ^ (ulong)length;
        h *= 0xFF51AFD7ED558CCDUL;
        return (int)(h >> 33);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong BitRotate(ulong value) => (value << 31) | (value >> 33);

    private sealed class Entry(byte[] bytes, int hash, string name)
    {
        public readonly byte[] Bytes = bytes;
        public readonly int Hash = hash;
        public readonly string Name = name;
        public string? Plugin;
        public byte[] PluginBytes = [];
        public int Successor = -1;
    }
}
