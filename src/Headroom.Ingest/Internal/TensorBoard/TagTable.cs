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
    private readonly List<Entry> _entries = [];
    private int[] _buckets = new int[64];

    public TagTable() => Array.Fill(_buckets, -1);

    /// <summary>Number of distinct tags.</summary>
    public int Count => _entries.Count;

    /// <summary>The tag's text.</summary>
    public string NameOf(int id) => _entries[id].Name;

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

    /// <summary>The id of the tag with these UTF-8 bytes, adding it on first sight.</summary>
    public int Intern(ReadOnlySpan<byte> utf8)
    {
        var hash = Hash(utf8);
        var mask = _buckets.Length - 1;
        var slot = hash & mask;
        while (true)
        {
            var id = _buckets[slot];
            if (id < 0)
            {
                break;
            }

            var entry = _entries[id];
            if (entry.Hash == hash && utf8.SequenceEqual(entry.Bytes))
            {
                return id;
            }

            slot = (slot + 1) & mask;
        }

        var added = _entries.Count;
        _entries.Add(new Entry(utf8.ToArray(), hash, Encoding.UTF8.GetString(utf8)));
        _buckets[slot] = added;
        if (_entries.Count * 2 > _buckets.Length)
        {
            Rehash();
        }

        return added;
    }

    private void Rehash()
    {
        _buckets = new int[_buckets.Length * 2];
        Array.Fill(_buckets, -1);
        var mask = _buckets.Length - 1;
        for (var id = 0; id < _entries.Count; id++)
        {
            var slot = _entries[id].Hash & mask;
            while (_buckets[slot] >= 0)
            {
                slot = (slot + 1) & mask;
            }

            _buckets[slot] = id;
        }
    }

    // A multiply-xor hash over 8-byte words: tags are short, so speed matters more than strength.
    private static int Hash(ReadOnlySpan<byte> data)
    {
        ref var start = ref MemoryMarshal.GetReference(data);
        var h = 0x9E3779B97F4A7C15UL ^ (ulong)data.Length;
        var i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            h = (h ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i))) * 0xFF51AFD7ED558CCDUL;
            h ^= h >> 32;
        }

        ulong tail = 0;
        for (var shift = 0; i < data.Length; i++, shift += 8)
        {
            tail |= (ulong)Unsafe.Add(ref start, i) << shift;
        }

        h = (h ^ tail) * 0xC4CEB9FE1A85EC53UL;
        return (int)(h ^ (h >> 29)) & int.MaxValue;
    }

    private sealed class Entry(byte[] bytes, int hash, string name)
    {
        public byte[] Bytes { get; } = bytes;

        public int Hash { get; } = hash;

        public string Name { get; } = name;

        public string? Plugin { get; set; }

        public byte[] PluginBytes { get; set; } = [];
    }
}
