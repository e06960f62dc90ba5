namespace Headroom.Ingest.Tests;

/// <summary>
/// Bit-by-bit table CRCs written from the definitions, independent of the production code, so the
/// test writers frame files the way the real writers do even if the reader's CRC were wrong.
/// </summary>
internal static class ReferenceCrc
{
    private static readonly uint[] _castagnoli = Table(0x82F63B78u);
    private static readonly uint[] _ieee = Table(0xEDB88320u);

    /// <summary>CRC-32C as crc32c.crc32c / TF's crc32c::Value compute it.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data) => Run(_castagnoli, 0, data);

    /// <summary>TFRecord's masked CRC-32C (tensorboard record_writer.py masked_crc32c).</summary>
    public static uint MaskedCrc32C(ReadOnlySpan<byte> data)
    {
        var crc = Crc32C(data);
        return unchecked(((crc >> 15) | (crc << 17)) + 0xA282EAD8u);
    }

    /// <summary>zlib.crc32(data, start): IEEE CRC-32 continuing from a previous CRC value.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data, uint start = 0) => Run(_ieee, start, data);

    private static uint Run(uint[] table, uint start, ReadOnlySpan<byte> data)
    {
        var crc = ~start;
        foreach (var b in data)
        {
            crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] Table(uint reflectedPolynomial)
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? reflectedPolynomial ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
