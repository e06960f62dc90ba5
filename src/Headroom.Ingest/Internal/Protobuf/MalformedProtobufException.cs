namespace Headroom.Ingest;

/// <summary>
/// Bytes that do not decode as protobuf. Internal: readers catch it and raise an
/// <see cref="IngestException"/> naming the file and byte offset, or skip and count the record.
/// </summary>
internal sealed class MalformedProtobufException(int position, string detail)
    : Exception($"{detail} (byte {position} of the message)")
{
    /// <summary>Position of the fault inside the message.</summary>
    public int Position { get; } = position;

    /// <summary>What was wrong, without the position.</summary>
    public string Detail { get; } = detail;
}
