namespace Headroom.Ingest;

/// <summary>What a reader does with a record it cannot use.</summary>
public enum BadRecordPolicy
{
    /// <summary>Skip it, count it under a reason in <see cref="RunLog.Skipped"/>, keep every valid record.</summary>
    Lenient,

    /// <summary>Throw an <see cref="IngestException"/> naming the file and position.</summary>
    Strict,
}
