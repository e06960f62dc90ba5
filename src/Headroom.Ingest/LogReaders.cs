namespace Headroom.Ingest;

/// <summary>
/// Every reader Headroom has, in detection order (most specific first), and format detection for
/// a file or a run folder.
/// </summary>
public static class LogReaders
{
    /// <summary>All readers, most specific first.</summary>
    public static IReadOnlyList<ILogReader> All { get; } =
    [
        // Readers register here, one line each.
        new TrainerStateReader(),
        new WandbReader(),
        new TensorBoardReader(),
        new LlamaFactoryLogReader(),
        new VerlJsonlReader(),
        new MsSwiftLogReader(),
        new VerlConsoleReader(),
        new LmEvalReader(),
        new QwenMathEvalReader(),
        new MetricsCsvReader(),
    ];

    /// <summary>The generic CSV/JSONL/Parquet readers, used only with a column mapping (<see cref="ReaderOptions.Table"/>).</summary>
    public static IReadOnlyList<ILogReader> Generic { get; } =
    [
        new GenericCsvReader(),
        new GenericJsonlReader(),
        new GenericParquetReader(),
    ];

    /// <summary>The first reader that recognises <paramref name="path"/>, or null.</summary>
    public static ILogReader? Detect(string path) => All.FirstOrDefault(reader => reader.CanRead(path));
}
