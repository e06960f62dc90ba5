using System.Globalization;

namespace Headroom.Ingest;

/// <summary>
/// Reads a `.wandb` datastore into a run, applying the bad-record policy: strict throws an
/// <see cref="IngestException"/> naming the file and byte offset at a bad header, a chunk CRC
/// mismatch, a broken chunk sequence or an undecodable record; lenient counts each and goes on
/// (after a bad chunk, from the next sound chunk when its length still leads to one, else from the next
/// 32 KiB block, as LevelDB's own reader recovers). A truncated
/// tail, as a run still being written leaves it, is counted under both policies.
/// </summary>
internal static class DatastoreLoader
{
    public const string TruncatedReason = "truncated final record (the datastore ends inside a record, as a run still being written leaves it)";
    public const string CorruptedReason = "chunk CRC mismatch or impossible length (the chunk, or the rest of its 32 KiB block when its length is suspect, stepped over)";
    public const string BrokenReason = "multi-chunk record with a missing chunk (partial record dropped)";
    public const string UnknownTypeReason = "chunk of unknown type";
    public const string UndecodableReason = "record that does not decode as a W&B Record";
    public const string BadHeaderReason = "file header is not ':W&B', 0xBEE1, version 0";
    public const string EmptyReason = "empty datastore";

    public static void Load(string path, Stream stream, ReaderOptions options, WandbRunBuilder builder, WandbRecordDecoder decoder)
    {
        var strict = options.BadRecords == BadRecordPolicy.Strict;
        using var store = new WandbDatastore(stream, options.BufferSize);
        if (store.IsEmpty)
        {
            if (strict)
            {
                throw IngestException.EmptyFile(path);
            }

            builder.Skipped.Add(EmptyReason, path);
            return;
        }

        if (store.HeaderTruncated)
        {
            builder.Skipped.Add(TruncatedReason, path, 0);
            return;
        }

        if (!store.HeaderValid)
        {
            if (strict)
            {
                throw IngestException.MalformedBinary(path, 0, "not a W&B datastore (the header is not ':W&B', 0xBEE1, version 0)");
            }

            builder.Skipped.Add(BadHeaderReason, path, 0);
        }

        long records = 0;
        while (true)
        {
            var status = store.Next(out var record);
            var offset = store.RecordOffset;
            switch (status)
            {
                case ChunkStatus.Record:
                    records++;
                    try
                    {
                        decoder.Decode(record, path, offset);
                    }
                    catch (MalformedProtobufException e)
                    {
                        builder.DiscardRow();
                        if (strict)
                        {
                            throw IngestException.MalformedBinary(path, offset, $"the record does not decode as a W&B Record ({e.Detail})");
                        }

                        builder.Skipped.Add(UndecodableReason, path, offset);
                    }

                    continue;
                case ChunkStatus.EndOfFile:
                    break;
                case ChunkStatus.Truncated:
                    builder.Skipped.Add(TruncatedReason, path, offset);
                    break;
                case ChunkStatus.Corrupted when strict:
                    throw IngestException.CrcMismatch(path, offset, "chunk");
                case ChunkStatus.BrokenSequence when strict:
                    throw IngestException.MalformedBinary(path, offset, "a multi-chunk record is missing a chunk");
                case ChunkStatus.UnknownChunkType when strict:
                    throw IngestException.MalformedBinary(path, offset, "a chunk has an unknown type");
                default:
                    builder.Skipped.Add(
                        status switch
                        {
                            ChunkStatus.Corrupted => CorruptedReason,
                            ChunkStatus.BrokenSequence => BrokenReason,
                            _ => UnknownTypeReason,
                        },
                        path,
                        offset);
                    continue;
            }

            break;
        }

        builder.Metadata["datastore_records"] = records.ToString(CultureInfo.InvariantCulture);
    }
}
