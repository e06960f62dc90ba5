namespace Headroom.Ingest;

/// <summary>What <see cref="TfRecordReader.Next"/> found at the current position.</summary>
internal enum FrameStatus
{
    /// <summary>A complete record whose two CRCs match.</summary>
    Record,

    /// <summary>The end of the file, exactly at a record boundary.</summary>
    EndOfFile,

    /// <summary>The file ends inside a record (a live run's last record); the rest of the file is consumed.</summary>
    Truncated,

    /// <summary>The length field's CRC does not match: the length cannot be trusted; nothing was consumed.</summary>
    LengthCorrupted,

    /// <summary>The length is sound but the data's CRC does not match; the record was stepped over.</summary>
    DataCorrupted,

    /// <summary>A sound record too large to buffer (never a scalar event); it was stepped over with its CRC checked.</summary>
    Oversized,
}
