using System.Buffers.Binary;
using System.Text;

namespace Headroom.Ingest.Tests;

/// <summary>Which writer a test file imitates.</summary>
public enum TfWriterVersion
{
    /// <summary>tensorboard's EventFileWriter before it recorded its name: the first event is wall_time + file_version (the 2023-04 alpaca-lora files).</summary>
    EventFileWriterWithoutSourceMetadata,

    /// <summary>tensorboard's EventFileWriter that also writes source_metadata.writer (the 2023-07 and later HF/TRL/verl files).</summary>
    EventFileWriterWithSourceMetadata,
}

/// <summary>
/// A reproduction of the writer side for tests: tensorboard `EventFileWriter` + `RecordWriter`
/// (TFRecord framing with masked CRC-32C of the length and of the data, computed with the
/// independent <see cref="ReferenceCrc"/>) and the summaries of PyTorch `SummaryWriter`
/// (`torch/utils/tensorboard/summary.py`), TF2 `tf.summary.scalar` and HF's text/hparams calls.
/// </summary>
internal sealed class TfEventWriter : IDisposable
{
    private const int DtFloat = 1;
    private const int DtDouble = 2;
    private const int DtString = 7;

    private readonly Stream _stream;

    public TfEventWriter(string path, TfWriterVersion version = TfWriterVersion.EventFileWriterWithSourceMetadata, double openedAt = 1_700_000_000.25)
        : this(File.Create(path), version, openedAt)
    {
    }

    public TfEventWriter(Stream stream, TfWriterVersion version = TfWriterVersion.EventFileWriterWithSourceMetadata, double openedAt = 1_700_000_000.25)
    {
        _stream = stream;
        var first = new ProtoWriter().Double(1, openedAt).String(3, "brain.Event:2");
        if (version == TfWriterVersion.EventFileWriterWithSourceMetadata)
        {
            first.Message(10, m => m.String(1, "tensorboard.summary.writer.event_file_writer"));
        }

        WriteRecord(first.ToArray());
    }

    /// <summary>Bytes written so far (the offset of the next record).</summary>
    public long Position => _stream.Position;

    /// <summary>PyTorch `add_scalar(tag, value, step)` with the default `new_style=False`: `Value(tag, simple_value)`.</summary>
    public long AddScalar(string tag, float value, long step, double wallTime)
        => WriteSummary(step, wallTime, v => v.String(1, tag).Float(2, value));

    /// <summary>PyTorch `add_scalar(..., new_style=True[, double_precision=True])`: a tensor with `float_val` or `double_val` and plugin "scalars".</summary>
    public long AddNewStyleScalar(string tag, double value, long step, double wallTime, bool doublePrecision = false)
        => WriteSummary(step, wallTime, v => v
            .String(1, tag)
            .Message(8, t =>
            {
                if (doublePrecision)
                {
                    t.Varint(1, DtDouble).PackedDoubles(6, value);
                }
                else
                {
                    t.Varint(1, DtFloat).PackedFloats(5, (float)value);
                }
            })
            .Message(9, m => m.Message(1, p => p.String(1, "scalars"))));

    /// <summary>TF2 `tf.summary.scalar`: the C++ writer stores the tensor with `AsProtoTensorContent` (dtype, empty shape, raw little-endian bytes).</summary>
    public long AddTf2Scalar(string tag, float value, long step, double wallTime, bool withMetadata = true)
    {
        var content = new byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(content, value);
        return WriteSummary(step, wallTime, v =>
        {
            v.String(1, tag).Message(8, t => t.Varint(1, DtFloat).Message(2, _ => { }).Bytes(4, content));
            if (withMetadata)
            {
                v.Message(9, m => m.Message(1, p => p.String(1, "scalars")));
            }
        });
    }

    /// <summary>PyTorch `add_text` as HF's TensorBoardCallback calls it for `args/text_summary`.</summary>
    public long AddText(string tag, string text, long step, double wallTime)
        => WriteSummary(step, wallTime, v => v
            .String(1, tag)
            .Message(8, t => t.Varint(1, DtString).Message(2, s => s.Message(2, d => d.Varint(1, 1))).Bytes(8, Encoding.UTF8.GetBytes(text)))
            .Message(9, m => m.Message(1, p => p.String(1, "text").Bytes(2, [0x08, 0x00]))));

    /// <summary>PyTorch `add_histogram`: `Value(tag, histo=HistogramProto)`.</summary>
    public long AddHistogram(string tag, double[] bucketLimits, double[] counts, long step, double wallTime)
        => WriteSummary(step, wallTime, v => v
            .String(1, tag)
            .Message(5, h => h.Double(1, bucketLimits[0]).Double(2, bucketLimits[^1]).Double(3, counts.Sum())
                .PackedDoubles(6, bucketLimits).PackedDoubles(7, counts)));

    /// <summary>PyTorch `add_image`: `Value(tag, image=Image(height, width, colorspace, encoded_image_string))`.</summary>
    public long AddImage(string tag, long step, double wallTime)
        => WriteSummary(step, wallTime, v => v
            .String(1, tag)
            .Message(4, i => i.Varint(1, 2).Varint(2, 2).Varint(3, 3).Bytes(4, [0x89, 0x50, 0x4E, 0x47])));

    /// <summary>PyTorch `add_hparams` as HF writes it: metadata-only values under `_hparams_/...` (plugin "hparams").</summary>
    public long AddHparams(string tag, byte[] pluginContent, double wallTime)
        => WriteSummary(0, wallTime, v => v
            .String(1, tag)
            .Message(9, m => m.Message(1, p => p.String(1, "hparams").Bytes(2, pluginContent))));

    /// <summary>An event holding several values at once (TF1 merged summaries).</summary>
    public long AddScalars(long step, double wallTime, params (string Tag, float Value)[] values)
    {
        var summary = new ProtoWriter();
        foreach (var (tag, value) in values)
        {
            summary.Message(1, v => v.String(1, tag).Float(2, value));
        }

        return WriteRecord(new ProtoWriter().Double(1, wallTime).Varint(2, (ulong)step).Bytes(5, summary.ToArray()).ToArray());
    }

    /// <summary>A graph event (`add_graph`): field 4, serialized GraphDef.</summary>
    public long AddGraph(double wallTime) => WriteRecord(new ProtoWriter().Double(1, wallTime).Bytes(4, [0x0A, 0x00]).ToArray());

    /// <summary>Frames arbitrary bytes as one record.</summary>
    public long WriteRecord(byte[] data)
    {
        var offset = _stream.Position;
        _stream.Write(Frame(data));
        return offset;
    }

    public void Dispose() => _stream.Dispose();

    /// <summary>tensorboard record_writer.py: `struct.pack("&lt;Q", len) + masked_crc32c(header) + data + masked_crc32c(data)`.</summary>
    public static byte[] Frame(byte[] data)
    {
        var frame = new byte[12 + data.Length + 4];
        BinaryPrimitives.WriteUInt64LittleEndian(frame, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(8), ReferenceCrc.MaskedCrc32C(frame.AsSpan(0, 8)));
        data.CopyTo(frame, 12);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(12 + data.Length), ReferenceCrc.MaskedCrc32C(data));
        return frame;
    }

    private long WriteSummary(long step, double wallTime, Action<ProtoWriter> value)
    {
        var summary = new ProtoWriter().Message(1, value).ToArray();
        var ev = new ProtoWriter().Double(1, wallTime);
        if (step != 0)
        {
            // proto3 leaves a zero step out.
            ev.Varint(2, (ulong)step);
        }

        return WriteRecord(ev.Bytes(5, summary).ToArray());
    }
}
