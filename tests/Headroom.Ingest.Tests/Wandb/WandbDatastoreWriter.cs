using System.Buffers.Binary;

namespace Headroom.Ingest.Tests;

/// <summary>
/// A reproduction of the W&amp;B SDK's datastore writer for tests (wandb/sdk/internal/datastore.py
/// <c>DataStore._write_header</c>/<c>_write_data</c>/<c>_write_record</c>; the Go wandb-core writer
/// frames the same way): the 7-byte header, 32 KiB blocks counted from the start of the file, zero
/// padding when fewer than 7 bytes are left, FULL records when they fit, else FIRST/MIDDLE/LAST, and
/// <c>zlib.crc32(data, crc32(type))</c> computed with the independent <see cref="ReferenceCrc"/>.
/// Records are protobuf <c>wandb_internal.Record</c>s built field by field as the Python runtime
/// serializes them.
/// </summary>
internal sealed class WandbDatastoreWriter : IDisposable
{
    private const int BlockLength = 32768;
    private const int HeaderLength = 7;
    private readonly Stream _stream;
    private long _index;
    private long _num;

    public WandbDatastoreWriter(Stream stream)
    {
        _stream = stream;
        var header = new byte[7];
        ":W&B"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 0xBEE1);
        header[6] = 0;
        _stream.Write(header);
        _index = 7;
    }

    public WandbDatastoreWriter(string path)
        : this(File.Create(path))
    {
    }

    /// <summary>Bytes written so far.</summary>
    public long Position => _index;

    /// <summary>`wandb.log(...)`: a HistoryRecord of items with JSON values, and its HistoryStep.</summary>
    public long History(long step, params (string Key, string Json)[] items)
        => Write(Record(2, h =>
        {
            foreach (var (key, json) in items)
            {
                h.Message(1, i => i.String(1, key).String(16, json));
            }

            h.Message(2, s =>
            {
                if (step != 0)
                {
                    s.Varint(1, (ulong)step);
                }
            });
        }));

    /// <summary>A history item whose key is given as `nested_key` parts (nested dicts).</summary>
    public long NestedHistory(long step, string[] nestedKey, string json)
        => Write(Record(2, h =>
        {
            h.Message(1, i =>
            {
                foreach (var part in nestedKey)
                {
                    i.String(2, part);
                }

                i.String(16, json);
            });
            h.Message(2, s => s.Varint(1, (ulong)step));
        }));

    public long Summary(params (string Key, string Json)[] items)
        => Write(Record(3, s =>
        {
            foreach (var (key, json) in items)
            {
                s.Message(1, i => i.String(1, key).String(16, json));
            }
        }));

    public long Config(params (string Key, string Json)[] items)
        => Write(Record(5, c =>
        {
            foreach (var (key, json) in items)
            {
                c.Message(1, i => i.String(1, key).String(16, json));
            }
        }));

    /// <summary>The RunRecord `wandb.init` writes: run_id, entity, project, display_name, start_time.</summary>
    public long Run(string runId, string project, string displayName, long startSeconds)
        => Write(Record(17, r => r.String(1, runId).String(2, "team").String(3, project).String(8, displayName)
            .Message(17, t => t.Varint(1, (ulong)startSeconds))));

    /// <summary>Console output (OutputRawRecord): no metric in it.</summary>
    public long Output(string line) => Write(Record(13, o => o.Varint(1, 1).String(3, line)));

    public long Exit(int code) => Write(Record(18, e => e.Varint(1, (ulong)code).Varint(2, 42)));

    /// <summary>Writes one serialized record as datastore.py's `_write_data` does; returns the offset of its first chunk.</summary>
    public long Write(byte[] data)
    {
        var spaceLeft = BlockLength - (int)(_index % BlockLength);
        if (spaceLeft < HeaderLength)
        {
            _stream.Write(new byte[spaceLeft]);
            _index += spaceLeft;
            spaceLeft = BlockLength;
        }

        var start = _index;
        if (data.Length + HeaderLength <= spaceLeft)
        {
            WriteChunk(data, 1);
            return start;
        }

        var dataRoom = spaceLeft - HeaderLength;
        WriteChunk(data[..dataRoom], 2);
        var used = dataRoom;
        var left = data.Length - dataRoom;
        while (left > BlockLength - HeaderLength)
        {
            WriteChunk(data[used..(used + BlockLength - HeaderLength)], 3);
            used += BlockLength - HeaderLength;
            left -= BlockLength - HeaderLength;
        }

        WriteChunk(data[used..], 4);
        return start;
    }

    public void Dispose() => _stream.Dispose();

    private void WriteChunk(byte[] chunk, byte type)
    {
        var header = new byte[7];
        BinaryPrimitives.WriteUInt32LittleEndian(header, ReferenceCrc.Crc32(chunk, ReferenceCrc.Crc32([type])));
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), (ushort)chunk.Length);
        header[6] = type;
        _stream.Write(header);
        _stream.Write(chunk);
        _index += HeaderLength + chunk.Length;
    }

    private byte[] Record(int kind, Action<ProtoWriter> body)
    {
        var record = new ProtoWriter().Varint(1, (ulong)++_num).Message(kind, body);
        return record.Message(16, c => c.String(3, "relay")).ToArray();
    }
}
