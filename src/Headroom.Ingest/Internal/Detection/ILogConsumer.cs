namespace Headroom.Ingest;

/// <summary>What a folder walk does with each log it finds: read it whole, summarise it, or write it to a table.</summary>
internal interface ILogConsumer
{
    /// <summary>Runs taken so far.</summary>
    int Runs { get; }

    /// <summary>Reads one log (one reader on one path), streaming it as many times as it needs; throws <see cref="IngestException"/> when it cannot.</summary>
    void Consume(ILogReader reader, string path, ReaderOptions options);
}
