namespace Headroom.Lab.World;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014): a tiny, stable random generator whose whole state is one
/// number, so a run can save and restore it and the world is the same on every .NET version.
/// </summary>
internal sealed class SplitMix64(ulong state)
{
    /// <summary>The whole state; assigning it restores a saved generator.</summary>
    public ulong State { get; set; } = state;

    /// <summary>A generator for a named stream derived from a seed (e.g. the data order of epoch 3).</summary>
    public static SplitMix64 For(long seed, string stream, long index = 0)
    {
        var hash = 14695981039346656037UL; // FNV-1a over the stream name: stable, unlike string.GetHashCode
        foreach (var character in stream)
        {
            hash = (hash ^ character) * 1099511628211UL;
        }

        return new SplitMix64(new SplitMix64((ulong)seed ^ hash ^ ((ulong)index * 0x9E3779B97F4A7C15UL)).NextUInt64());
    }

    public ulong NextUInt64()
    {
        var z = State += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform integer in [min, max] inclusive.</summary>
    public int Next(int min, int max) => min + (int)(NextUInt64() % (ulong)(max - min + 1));

    /// <summary>Uniform double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A Fisher–Yates permutation of 0..count-1.</summary>
    public int[] Permutation(int count)
    {
        var order = Enumerable.Range(0, count).ToArray();
        for (var i = count - 1; i > 0; i--)
        {
            var j = Next(0, i);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }
}
