using System.Text;

namespace Headroom.Ingest.Tests;

public sealed class Crc32CTests
{
    [Fact]
    public void Crc32C_of_the_standard_check_string_is_E3069283()
    {
        // Given the check input of the CRC catalogue (CRC-32/ISCSI)
        var data = Encoding.ASCII.GetBytes("123456789");

        // When
        var crc = Crc32C.Compute(data);

        // Then
        Assert.Equal(0xE3069283u, crc);
    }

    [Fact]
    public void Crc32C_agrees_with_a_bitwise_table_at_every_length_and_alignment()
    {
        // Given random bytes
        var random = new Random(7);
        var data = new byte[200];
        random.NextBytes(data);

        for (var start = 0; start < 8; start++)
        {
            for (var length = 0; start + length <= data.Length; length++)
            {
                // When / Then
                var slice = data.AsSpan(start, length);
                Assert.Equal(ReferenceCrc.Crc32C(slice), Crc32C.Compute(slice));
            }
        }
    }

    [Fact]
    public void Masked_crc_of_a_length_matches_the_tfrecord_definition()
    {
        // Given lengths as TFRecord stores them (8 bytes little-endian)
        foreach (var length in new ulong[] { 0, 1, 24, 72, 4096, 1UL << 40, ulong.MaxValue })
        {
            var bytes = BitConverter.GetBytes(length);

            // When / Then
            Assert.Equal(ReferenceCrc.MaskedCrc32C(bytes), Crc32C.MaskedOfLength(length));
        }
    }
}
