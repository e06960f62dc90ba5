using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Parquet.Meta;
using Snappier;

namespace Headroom.Ingest;

/// <summary>
/// One text column of a row group as a Parquet column chunk, byte for byte as Parquet.Net 6 writes it (a PLAIN
/// dictionary page and one data page of RLE indices, Snappy; PLAIN when more than <see cref="DictionaryThreshold"/>
/// of the values are distinct), but with the dictionary found per series: each row is the number of its series (the
/// text its rows share), whose text is looked up once per row group; Parquet.Net's hashing of every value's
/// characters was most of the table's cost.
/// </summary>
internal static class TextColumnChunk
{
    /// <summary>Parquet.Net's <c>ParquetOptions.DictionaryEncodingThreshold</c>.</summary>
    public const double DictionaryThreshold = 0.8;

    /// <summary>
    /// Appends the chunk of the <paramref name="column"/> of the series of <paramref name="rows"/> (numbers into
    /// <paramref name="table"/>) to <paramref name="output"/> and returns its footer entry.
    /// </summary>
    public static ColumnChunk Write(MemoryStream output, string name, ReadOnlySpan<int> rows, SeriesColumns[] table, Func<SeriesColumns, string?> column, bool nullable)
    {
        var start = output.Position;
        var count = rows.Length;
        var indices = ArrayPool<int>.Shared.Rent(count);
        var levels = nullable ? ArrayPool<int>.Shared.Rent(count) : null;
        try
        {
            var dictionary = new List<string>();
            var present = Index(rows, table, column, dictionary, indices, levels);
            var useDictionary = present > 0 && dictionary.Count <= (int)(present * DictionaryThreshold);
            var statistics = Statistics(dictionary, count - present);
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
                Rle(body, levels.AsSpan(0, count), 1);
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
                Plain(body, rows, table, column);
            }

            var encoding = useDictionary ? Encoding.PLAIN_DICTIONARY : Encoding.PLAIN;
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
                    NumValues = count,
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
    /// Numbers the distinct values in order of first appearance; returns how many values are not null. A series' value
    /// is looked up by its text once per row group (several series may share it), then by the series' number.
    /// </summary>
    private static int Index(ReadOnlySpan<int> rows, SeriesColumns[] table, Func<SeriesColumns, string?> column, List<string> dictionary, int[] indices, int[]? levels)
    {
        const int Unseen = -1;
        const int Null = -2;
        var ofSeries = ArrayPool<int>.Shared.Rent(table.Length);
        ofSeries.AsSpan(0, table.Length).Fill(Unseen);
        var byText = new Dictionary<string, int>(StringComparer.Ordinal);
        var present = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            var series = rows[i];
            var index = ofSeries[series];
            if (index == Unseen)
            {
                if (column(table[series]) is { } text)
                {
                    if (!byText.TryGetValue(text, out index))
                    {
                        index = dictionary.Count;
                        dictionary.Add(text);
                        byText.Add(text, index);
                    }
                }
                else
                {
                    index = Null;
                }

                ofSeries[series] = index;
            }

            if (levels is not null)
            {
                levels[i] = index == Null ? 0 : 1;
            }

            if (index != Null)
            {
                indices[present++] = index;
            }
        }

        ArrayPool<int>.Shared.Return(ofSeries);
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

    /// <summary>PLAIN text of the dictionary.</summary>
    private static void Plain(MemoryStream body, ReadOnlySpan<string> values) => Plain(body, values, static value => value);

    /// <summary>PLAIN text of the series' <paramref name="column"/> row by row.</summary>
    private static void Plain(MemoryStream body, ReadOnlySpan<int> rows, SeriesColumns[] table, Func<SeriesColumns, string?> column)
        => Plain(body, rows, series => column(table[series]));

    /// <summary>PLAIN text: each value's UTF-8 length (four bytes, little-endian) and bytes; nulls are not written.</summary>
    private static void Plain<T>(MemoryStream body, ReadOnlySpan<T> values, Func<T, string?> text)
    {
        Span<byte> length = stackalloc byte[4];
        foreach (var item in values)
        {
            if (text(item) is { } value)
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
