namespace Headroom.Ingest;

/// <summary>Options shared by every reader. Numbers are always parsed with the invariant culture.</summary>
public sealed record ReaderOptions
{
    /// <summary>The default options: lenient, canonical names from the built-in table.</summary>
    public static ReaderOptions Default { get; } = new();

    /// <summary>What to do with a bad record (default: skip and count).</summary>
    public BadRecordPolicy BadRecords { get; init; } = BadRecordPolicy.Lenient;

    /// <summary>Read buffer size in bytes for streaming readers (tests use tiny buffers to split records).</summary>
    public int BufferSize { get; init; } = 1 << 16;

    /// <summary>
    /// The buffer of the hand reader of `trainer_state.json`'s history (<see cref="LogHistoryScanner"/>); 0 reads it
    /// with System.Text.Json alone (tests use tiny buffers to cut the history everywhere, and 0 as the reference).
    /// </summary>
    internal int TrainerStateHistoryBuffer { get; init; } = 1 << 20;

    /// <summary>
    /// The piece of a `trainer_state.json` history each thread reads at once (<see cref="ChunkedLogHistory"/>); a
    /// history of at most two pieces is read on one thread (tests use tiny pieces to cut small files everywhere).
    /// </summary>
    internal int TrainerStateHistoryChunk { get; init; } = 1 << 20;

    /// <summary>
    /// What the whole-file text checks found (<see cref="TextFileCheck"/>), kept across the two readings of the same
    /// logs (<see cref="TableConsumer"/>); null (the default) checks every file when it is read.
    /// </summary>
    internal TextCheckMemo? TextChecks { get; init; }

    /// <summary>
    /// Whether verl's JSONL lines of the common shape are read without a JSON document (<see cref="VerlFastLine"/>);
    /// false reads every line as a document (the reference the tests compare the fast reading with).
    /// </summary>
    internal bool VerlFastLines { get; init; } = true;

    /// <summary>
    /// The threads that read a large `trainer_state.json` history (0: one per core, at most four; 1: this thread alone,
    /// piece by piece); the result is the same for any number.
    /// </summary>
    internal int TrainerStateHistoryThreads { get; init; }

    /// <summary>The raw-key to canonical-name mapping (default: the built-in table).</summary>
    public CanonicalNames Names { get; init; } = CanonicalNames.BuiltIn;

    /// <summary>
    /// The column mapping for generic CSV/JSONL/Parquet tables; null (the default) means generic tables are
    /// not read, only the formats Headroom recognises.
    /// </summary>
    public TableColumns? Table { get; init; }

    /// <summary>
    /// A reader format name (<see cref="ILogReader.Format"/>) to use for every file named directly instead of
    /// detecting it; null (the default) detects.
    /// </summary>
    public string? FormatHint { get; init; }

    /// <summary>
    /// Which series to keep, by (reader format, raw key); null (the default) keeps every series. The values of the
    /// others are still read and counted (a file is not empty because none of its series was wanted), not stored:
    /// a caller that needs one series of a large log holds only that one.
    /// </summary>
    public Func<string, string, bool>? KeepSeries { get; init; }

    /// <summary>
    /// The part of a JSON-lines file to read (<see cref="LogFollower"/> reads only the lines appended since its last
    /// poll); null (the default) reads the whole file.
    /// </summary>
    internal LineWindow? Window { get; init; }
}
