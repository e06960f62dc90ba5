using Parquet.Meta;

namespace Headroom.Ingest;

/// <summary>
/// A Parquet footer (the file's <see cref="FileMetaData"/>) written as Parquet.Net writes it, field for field, so that
/// row groups Parquet.Net encoded apart can be gathered into one file: Parquet.Net reads footers but cannot write one
/// it did not build itself. Only the fields Parquet.Net fills are written; any other throws rather than being lost.
/// </summary>
internal static class ParquetFooter
{
    /// <summary>The footer's bytes (without the length and magic that follow it in a file).</summary>
    public static byte[] Serialize(FileMetaData meta)
    {
        Unsupported(meta.ColumnOrders, meta.EncryptionAlgorithm, meta.FooterSigningKeyMetadata);
        var thrift = new ThriftCompactWriter();
        thrift.StructBegin();
        thrift.I32(1, meta.Version);
        thrift.ListBegin(2, ThriftCompactWriter.StructType, meta.Schema.Count);
        foreach (var element in meta.Schema)
        {
            Write(thrift, element);
        }

        thrift.I64(3, meta.NumRows);
        thrift.ListBegin(4, ThriftCompactWriter.StructType, meta.RowGroups.Count);
        foreach (var group in meta.RowGroups)
        {
            Write(thrift, group);
        }

        Write(thrift, 5, meta.KeyValueMetadata);
        if (meta.CreatedBy is { } createdBy)
        {
            thrift.String(6, createdBy);
        }

        thrift.StructEnd();
        return thrift.Written.ToArray();
    }

    /// <summary>Moves a row group's column chunks <paramref name="bytes"/> further into the file.</summary>
    public static void Shift(RowGroup group, long bytes)
    {
        group.FileOffset += bytes;
        foreach (var chunk in group.Columns)
        {
            chunk.FileOffset += bytes;
            chunk.MetaData!.DataPageOffset += bytes;
            chunk.MetaData.DictionaryPageOffset += bytes;
            chunk.MetaData.IndexPageOffset += bytes;
        }
    }

    private static void Write(ThriftCompactWriter thrift, SchemaElement element)
    {
        Unsupported(element.Scale, element.Precision, element.FieldId);
        thrift.StructBegin();
        Optional(thrift, 1, (int?)element.Type);
        Optional(thrift, 2, element.TypeLength);
        Optional(thrift, 3, (int?)element.RepetitionType);
        thrift.String(4, element.Name ?? string.Empty);
        Optional(thrift, 5, element.NumChildren);
        Optional(thrift, 6, (int?)element.ConvertedType);
        if (element.LogicalType is { } logical)
        {
            // Text and integers are the only logical types of the tidy table.
            Unsupported(logical.MAP, logical.LIST, logical.ENUM, logical.DECIMAL, logical.DATE, logical.TIME, logical.TIMESTAMP,
                logical.UNKNOWN, logical.JSON, logical.BSON, logical.UUID, logical.FLOAT16, logical.VARIANT, logical.GEOMETRY, logical.GEOGRAPHY);
            thrift.StructField(10);
            thrift.StructBegin();
            if (logical.STRING is not null)
            {
                thrift.EmptyStructField(1);
            }

            if (logical.INTEGER is { } integer)
            {
                thrift.StructField(10);
                thrift.StructBegin();
                thrift.SByte(1, integer.BitWidth);
                thrift.Bool(2, integer.IsSigned);
                thrift.StructEnd();
            }

            thrift.StructEnd();
        }

        thrift.StructEnd();
    }

    private static void Write(ThriftCompactWriter thrift, RowGroup group)
    {
        Unsupported(group.SortingColumns);
        thrift.StructBegin();
        thrift.ListBegin(1, ThriftCompactWriter.StructType, group.Columns.Count);
        foreach (var chunk in group.Columns)
        {
            Write(thrift, chunk);
        }

        thrift.I64(2, group.TotalByteSize);
        thrift.I64(3, group.NumRows);
        Optional(thrift, 5, group.FileOffset);
        Optional(thrift, 6, group.TotalCompressedSize);
        if (group.Ordinal is { } ordinal)
        {
            thrift.I16(7, ordinal);
        }

        thrift.StructEnd();
    }

    private static void Write(ThriftCompactWriter thrift, ColumnChunk chunk)
    {
        Unsupported(chunk.OffsetIndexOffset, chunk.OffsetIndexLength, chunk.ColumnIndexOffset, chunk.ColumnIndexLength, chunk.CryptoMetadata, chunk.EncryptedColumnMetadata);
        thrift.StructBegin();
        if (chunk.FilePath is { } path)
        {
            thrift.String(1, path);
        }

        thrift.I64(2, chunk.FileOffset);
        if (chunk.MetaData is { } meta)
        {
            Unsupported(meta.EncodingStats, meta.BloomFilterOffset, meta.BloomFilterLength, meta.SizeStatistics, meta.GeospatialStatistics);
            thrift.StructField(3);
            thrift.StructBegin();
            thrift.I32(1, (int)meta.Type);
            thrift.ListBegin(2, ThriftCompactWriter.I32Type, meta.Encodings.Count);
            foreach (var encoding in meta.Encodings)
            {
                thrift.I32Value((int)encoding);
            }

            thrift.ListBegin(3, ThriftCompactWriter.BinaryType, meta.PathInSchema.Count);
            foreach (var name in meta.PathInSchema)
            {
                thrift.StringValue(name);
            }

            thrift.I32(4, (int)meta.Codec);
            thrift.I64(5, meta.NumValues);
            thrift.I64(6, meta.TotalUncompressedSize);
            thrift.I64(7, meta.TotalCompressedSize);
            Write(thrift, 8, meta.KeyValueMetadata);
            thrift.I64(9, meta.DataPageOffset);
            Optional(thrift, 10, meta.IndexPageOffset);
            Optional(thrift, 11, meta.DictionaryPageOffset);
            if (meta.Statistics is { } statistics)
            {
                thrift.StructField(12);
                Write(thrift, statistics);
            }

            thrift.StructEnd();
        }

        thrift.StructEnd();
    }

    /// <summary>Statistics as a struct (its field header already written), as in a footer or a page header.</summary>
    public static void Write(ThriftCompactWriter thrift, Statistics statistics)
    {
        thrift.StructBegin();
        Optional(thrift, 1, statistics.Max);
        Optional(thrift, 2, statistics.Min);
        Optional(thrift, 3, statistics.NullCount);
        Optional(thrift, 4, statistics.DistinctCount);
        Optional(thrift, 5, statistics.MaxValue);
        Optional(thrift, 6, statistics.MinValue);
        if (statistics.IsMaxValueExact is { } maxExact)
        {
            thrift.Bool(7, maxExact);
        }

        if (statistics.IsMinValueExact is { } minExact)
        {
            thrift.Bool(8, minExact);
        }

        thrift.StructEnd();
    }

    private static void Write(ThriftCompactWriter thrift, short id, List<KeyValue>? pairs)
    {
        if (pairs is null)
        {
            return;
        }

        thrift.ListBegin(id, ThriftCompactWriter.StructType, pairs.Count);
        foreach (var pair in pairs)
        {
            thrift.StructBegin();
            thrift.String(1, pair.Key ?? string.Empty);
            if (pair.Value is { } value)
            {
                thrift.String(2, value);
            }

            thrift.StructEnd();
        }
    }

    private static void Optional(ThriftCompactWriter thrift, short id, int? value)
    {
        if (value is { } v)
        {
            thrift.I32(id, v);
        }
    }

    private static void Optional(ThriftCompactWriter thrift, short id, long? value)
    {
        if (value is { } v)
        {
            thrift.I64(id, v);
        }
    }

    private static void Optional(ThriftCompactWriter thrift, short id, byte[]? value)
    {
        if (value is not null)
        {
            thrift.Binary(id, value);
        }
    }

    private static void Unsupported(params object?[] fields)
    {
        if (fields.Any(field => field is not null))
        {
            throw new NotSupportedException("The Parquet footer holds a field the tidy table does not write (a newer Parquet.Net?): ParquetFooter must learn it.");
        }
    }
}
