namespace Headroom.Ingest;

/// <summary>What a worker of a <see cref="ChunkSchedule{TChunk}"/> found in one chunk of a file.</summary>
internal interface IScheduledChunk
{
    /// <summary>The chunk's number, in file order.</summary>
    int Index { get; }

    /// <summary>Returns the chunk's pooled arrays; the chunk is unusable afterwards.</summary>
    void Release();
}
