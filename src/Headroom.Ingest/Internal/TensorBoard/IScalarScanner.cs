namespace Headroom.Ingest;

/// <summary>Reads the scalars of one event file in file order: sequentially (<see cref="EventFileScanner"/>) or in chunks on several cores (<see cref="ChunkedEventScanner"/>), with the same results.</summary>
internal interface IScalarScanner : IDisposable
{
    /// <summary>The run's decoder (tags and plugins).</summary>
    EventDecoder Decoder { get; }

    /// <summary>Records read whose CRCs matched.</summary>
    long Records { get; }

    /// <summary>Wall time of the first event that had one (the time the writer opened the file).</summary>
    double? FirstWallTime { get; }

    /// <summary>The next scalars in file order (valid until the next call); none at the end.</summary>
    ScalarBatch ReadBatch();
}
