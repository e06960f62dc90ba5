namespace Headroom.Core.Randomness;

/// <summary>
/// Derives independent, reproducible seeds from one user seed (SplitMix64 finaliser, Steele et al. 2014),
/// so that parallel work seeded per item gives the same result whatever the thread count.
/// </summary>
public static class SeedSequence
{
    /// <summary>A 31-bit seed for item <paramref name="index"/> of stream <paramref name="stream"/> under <paramref name="seed"/>.</summary>
    public static int Derive(int seed, long stream, long index = 0)
    {
        var z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + ((ulong)stream * 0xD1B54A32D192ED03UL) + (ulong)index);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }

    /// <summary>A <see cref="Random"/> for item <paramref name="index"/> of stream <paramref name="stream"/>.</summary>
    public static Random Create(int seed, long stream, long index = 0) => new(Derive(seed, stream, index));

    /// <summary>A standard normal draw (Box–Muller), from a seeded <see cref="Random"/>.</summary>
    public static double NextGaussian(this Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
