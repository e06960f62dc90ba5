using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Parquet.Meta;
using Snappier;

namespace Headroom.Ingest;

/// <summary>
/// One text column of a row group as a Parquet column chunk, byte for byte as Parquet.Net 6 writes it (a PLAIN
/// dictionary page and one data page of RLE indices, Snappy; PLAIN when more than <see cref="DictionaryThreshold"/>
/// of the values are distinct), but with the dictionary found by reference first: the table's text comes from a
/// handful of string objects, and Parquet.Net's hashing of every value's characters was most of the table's cost.
/// </summary>
internal static class TextColumnChunk
{
    /// <summary>Parquet.Net's <c>ParquetOptions.DictionaryEncodingThreshold</c>.</summary>
    public const double DictionaryThreshold = 0.8;

    /// <summary>Appends the chunk of <paramref name="values"/> to <paramref name="output"/> and returns its footer entry.</summary>
    public static ColumnChunk Write(MemoryStream output, string name, ReadOnlySpan<string?> values, bool nullable)
    {
        var start = output.Position;
        var indices = ArrayPool<int>.Shared.Rent(values.Length);
        var levels = nullable ? ArrayPool<int>.Shared.Rent(values.Length) : null;
        try
        {
            var dictionary = new List<string>();
            var present = Index(values, dictionary, indices, levels);
            var useDictionary = present > 0 && dictionary.Count <= (int)(present * DictionaryThreshold);
            var statistics = Statistics(dictionary, values.Length - present);
            long uncompressed = 0, compressed = 0;
            using var body = new MemoryStream();
            if (useDictionary)
            {
                Plain(body, CollectionsMarshal.AsSpan(dictionary));
                WritePage(output, body, PageType.DICTIONARY_PAGE, thrift =>
                {
                    thrift.StructField(7);
                    thrift.StructBegin();
                    thrift.I32(1, dictionary.Count);
                    thrift.I32(2, (int)Encoding.PLAIN_DICTIONARY);
                    thrift.StructEnd();
                }, ref uncompressed, ref compressed);
                body.SetLength(0);
            }

            if (levels is not null)
            {
                var at = body.Position;
                body.Write(stackalloc byte[4]);
                Rle(body, levels.AsSpan(0, values.Length), 1);
                var length = (int)(body.Position - at - 4);
                BinaryPrimitives.WriteInt32LittleEndian(body.GetBuffer().AsSpan((int)at), length);
            }

            if (useDictionary)
            {
                var width = BitWidth(dictionary.Count);
                body.WriteByte((byte)width);
                Rle(body, indices.AsSpan(0, present), width);
            }
            else
            {
                Plain(body, values);
            }

            var encoding = useDictionary ? Encoding.PLAIN_DICTIONARY : Encoding.PLAIN;
            var count = values.Length;
            WritePage(output, body, PageType.DATA_PAGE, thrift =>
            {
                thrift.StructField(5);
                thrift.StructBegin();
                thrift.I32(1, count);
                thrift.I32(2, (int)encoding);
                thrift.I32(3, (int)Encoding.RLE);
                thrift.I32(4, (int)Encoding.RLE);
                thrift.StructField(5);
                ParquetFooter.Write(thrift, statistics);
                thrift.StructEnd();
            }, ref uncompressed, ref compressed);

            return new ColumnChunk
            {
                FileOffset = start,
                MetaData = new ColumnMetaData
                {
                    Type = Parquet.Meta.Type.BYTE_ARRAY,
                    Encodings = [encoding, Encoding.RLE],
                    PathInSchema = [name],
                    Codec = CompressionCodec.SNAPPY,
                    NumValues = values.Length,
                    TotalUncompressedSize = uncompressed,
                    TotalCompressedSize = compressed,
                    DataPageOffset = start,
                    Statistics = statistics,
                },
            };
        }
        finally
        {
            ArrayPool<int>.Shared.Return(indices);
            if (levels is not null)
            {
                ArrayPool<int>.Shared.Return(levels);
            }
        }
    }

    /// <summary>
    /// Numbers the distinct values in order of first appearance; returns how many values are not null. A value is
    /// first looked up by reference in a small direct-mapped cache (the same few string objects recur), and hashed by
    /// its text only when the cache misses.
    /// </summary>
    private static int Index(ReadOnlySpan<string?> values, List<string> dictionary, int[] indices, int[]? levels)
    {
        const int Slots = 256;
        var cached = new string?[Slots];
        var cachedIndex = new int[Slots];
        var byText = new Dictionary<string, int>(StringComparer.Ordinal);
        var present = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i];
            if (levels is not null)
            {
                levels[i] = value is null ? 0 : 1;
            }

            if (value is null)
            {
                continue;
            }

            var slot = RuntimeHelpers.GetHashCode(value) & (Slots - 1);
            if (!ReferenceEquals(cached[slot], value))
            {
                if (!byText.TryGetValue(value, out var index))
                {
                    index = dictionary.Count;
                    dictionary.Add(value);
                    byText.Add(value, index);
                }

                cached[slot] = value;
                cachedIndex[slot] = index;
            }

            indices[present++] = cachedIndex[slot];
        }

        return present;
    }

    /// <summary>As Parquet.Net computes them: null count, and the least and greatest text (ordinal) as UTF-8.</summary>
    private static Statistics Statistics(List<string> distinct, long nulls)
    {
        var statistics = new Statistics { NullCount = nulls };
        if (distinct.Count > 0)
        {
            string min = distinct[0], max = distinct[0];
            foreach (var value in distinct)
            {
                min = string.CompareOrdinal(value, min) < 0 ? value : min;
                max = string.CompareOrdinal(value, max) > 0 ? value : max;
            }

            statistics.Min = statistics.MinValue = System.Text.Encoding.UTF8.GetBytes(min);
            statistics.Max = statistics.MaxValue = System.Text.Encoding.UTF8.GetBytes(max);
        }

        return statistics;
    }

    private static void WritePage(MemoryStream output, MemoryStream body, PageType type, Action<ThriftCompactWriter> header, ref long uncompressed, ref long compressed)
    {
        var raw = body.GetBuffer().AsSpan(0, (int)body.Length);
        using var packed = Snappy.CompressToMemory(raw);
        var thrift = new ThriftCompactWriter();
        thrift.StructBegin();
        thrift.I32(1, (int)type);
        thrift.I32(2, raw.Length);
        thrift.I32(3, packed.Memory.Length);
        header(thrift);
        thrift.StructEnd();
        output.Write(thrift.Written);
        output.Write(packed.Memory.Span);
        uncompressed += thrift.Written.Length + raw.Length;
        compressed += thrift.Written.Length + packed.Memory.Length;
    }

    /// <summary>PLAIN text: each value's UTF-8 length (four bytes, little-endian) and bytes; nulls are not written.</summary>
    private static void Plain(MemoryStream body, ReadOnlySpan<string?> values)
    {
        Span<byte> length = stackalloc byte[4];
        foreach (var value in values)
        {
            if (value is not null)
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes(value);
                BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
                body.Write(length);
                body.Write(bytes);
            }
        }
    }

    /// <summary>Runs of equal values (Parquet.Net writes no bit-packed runs): the run's length shifted left once, as a varint, then the value in whole bytes.</summary>
    private static void Rle(MemoryStream body, ReadOnlySpan<int> values, int bitWidth)
    {
        var bytes = (bitWidth + 7) / 8;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(values.Length, 1 << 16) * (5 + bytes));
        var at = 0;
        var i = 0;
        while (i < values.Length)
        {
            var value = values[i];
            var run = 1;
            while (i + run < values.Length && values[i + run] == value)
            {
                run++;
            }

            if (at > buffer.Length - 5 - bytes)
            {
                body.Write(buffer, 0, at);
                at = 0;
            }

            var header = (uint)run << 1;
            for (; header >= 0x80; header >>= 7)
            {
                buffer[at++] = (byte)(header | 0x80);
            }

            buffer[at++] = (byte)header;
            for (var b = 0; b < bytes; b++)
            {
                buffer[at++] = (byte)(value >> (8 * b));
            }

            i += run;
        }

        body.Write(buffer, 0, at);
        ArrayPool<byte>.Shared.Return(buffer);
    }

    private static int BitWidth(int value)
    {
        var width = 0;
        while (value != 0)
        {
            width++;
            value >>= 1;
        }

        return width;
    }
}
