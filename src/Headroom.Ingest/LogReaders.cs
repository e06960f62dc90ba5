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
        new WandbReader(),
        new TensorBoardReader(),
    ];

    /// <summary>The first reader that recognises <paramref name="path"/>, or null.</summary>
    public static ILogReader? Detect(string path) => All.FirstOrDefault(reader => reader.CanRead(path));
}
