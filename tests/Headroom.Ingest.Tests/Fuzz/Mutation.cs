namespace Headroom.Ingest.Tests;

/// <summary>A seeded corruption of a valid file: optional truncation and a few byte flips.</summary>
/// <param name="Bytes">The mutated bytes.</param>
/// <param name="FirstFault">Offset of the first changed or missing byte (the length when unchanged).</param>
internal sealed record Mutation(byte[] Bytes, int FirstFault)
{
    /// <summary>Truncates (one input in three), flips 1-4 bytes (two in three), or both.</summary>
    public static Mutation Of(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        var firstFault = bytes.Length;
        var kind = random.Next(3);
        if (kind != 1)
        {
            var flips = random.Next(1, 5);
            for (var i = 0; i < flips; i++)
            {
                var at = random.Next(bytes.Length);
                bytes[at] ^= (byte)random.Next(1, 256);
                firstFault = Math.Min(firstFault, at);
            }
        }

        if (kind != 0)
        {
            var cut = random.Next(bytes.Length);
            bytes = bytes[..cut];
            firstFault = Math.Min(firstFault, cut);
        }

        return new Mutation(bytes, firstFault);
    }
}
