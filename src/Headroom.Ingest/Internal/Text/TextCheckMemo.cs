namespace Headroom.Ingest;

/// <summary>
/// What <see cref="TextFileCheck"/> found in each file, kept for a second reading of the same logs
/// (<see cref="TableConsumer"/> reads each log twice): the second gets the same errors and faults without reading the
/// file again. A file whose length or last write time changed since is checked again.
/// </summary>
internal sealed class TextCheckMemo
{
    private readonly Dictionary<string, (Stamp Stamp, IReadOnlyList<TextFileCheck.Finding> Findings)> _kept = new(StringComparer.Ordinal);

    /// <summary>What the check of <paramref name="path"/> found, when the file is as it was then; null otherwise.</summary>
    public IReadOnlyList<TextFileCheck.Finding>? Find(string path)
        => _kept.TryGetValue(path, out var kept) && kept.Stamp == Stamp.Of(path) ? kept.Findings : null;

    /// <summary>Keeps what the check of <paramref name="path"/> found.</summary>
    public void Keep(string path, IReadOnlyList<TextFileCheck.Finding> findings) => _kept[path] = (Stamp.Of(path), findings);

    private readonly record struct Stamp(long Length, DateTime Written)
    {
        public static Stamp Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? new(info.Length, info.LastWriteTimeUtc) : new(-1, default);
        }
    }
}
