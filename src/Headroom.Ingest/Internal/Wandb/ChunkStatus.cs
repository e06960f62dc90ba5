namespace Headroom.Ingest;

/// <summary>What <see cref="WandbDatastore.Next"/> found.</summary>
internal enum ChunkStatus
{
    /// <summary>A complete record whose chunks all passed their CRC.</summary>
    Record,

    /// <summary>The end of the file at a record boundary.</summary>
    EndOfFile,

    /// <summary>The file ends inside a chunk or a multi-chunk record (a run still being written); nothing follows.</summary>
    Truncated,

    /// <summary>A chunk failed its CRC or its length overflowed the block: only that chunk was stepped over when a sound chunk follows it, else the rest of the block (as LevelDB's reader recovers).</summary>
    Corrupted,

    /// <summary>A FIRST/MIDDLE/LAST sequence was broken (a chunk missing or out of order); the partial record was dropped.</summary>
    BrokenSequence,

    /// <summary>A chunk of an unknown type whose CRC matched; it was stepped over.</summary>
    UnknownChunkType,
}
