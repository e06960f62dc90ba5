namespace Headroom.Ingest;

/// <summary>
/// Reads TensorBoard event files (`events.out.tfevents.*`): TFRecord framing with both masked
/// CRC-32C checked, `Event` protobufs decoded by hand. Scalars come from `simple_value` and from
/// one-element tensors (`float_val`, `double_val`, `half_val`, `int_val`, `int64_val`,
/// `tensor_content`); histograms, images, audio, text, hparams and other plugins are skipped and
/// counted by plugin. Each folder that holds event files is one run (as in TensorBoard); its files
/// are merged, the last value written for a tag and step winning (files ordered by the wall time of
/// their first event, then by name; records by position). A truncated last record, as a live run
/// leaves it, is counted and every record before it kept.
/// </summary>
/// <remarks>
/// Bad records: under <see cref="BadRecordPolicy.Strict"/> a CRC mismatch or an undecodable event
/// throws an <see cref="IngestException"/> naming the file and byte offset. Under
/// <see cref="BadRecordPolicy.Lenient"/> it is counted and reading goes on: past the record when its
/// data CRC fails, or, when the length CRC fails, from the next position whose length CRC matches
/// (resynchronisation), so records after a corrupted stretch are still read. An empty file is
/// counted (lenient) or rejected (strict); a header-only file is a run without series.
/// Metadata: <c>file_version</c>, <c>event_files</c>, <c>records</c>, and HF's
/// <c>args/text_summary</c> / <c>model_config/text_summary</c> JSON as <c>config.*</c> / <c>model_config.*</c>.
/// </remarks>
public sealed class TensorBoardReader : ILogReader, IStreamingReader
{
    /// <inheritdoc/>
    public string Format => Formats.TensorBoard;

    /// <summary>
    /// True for a file whose name contains `tfevents` or that starts with TFRecord framing whose length CRC is valid
    /// (an event file under another name), or a folder directly holding an event file.
    /// </summary>
    public bool CanRead(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path))
        {
            return IsEventFile(path) || StartsWithTfRecord(path);
        }

        return Directory.Exists(path) && Directory.EnumerateFiles(path).Any(IsEventFile);
    }

    /// <summary>
    /// Reads an event file (one run) or a folder: every folder at or below it that holds event files
    /// is one run, in path order. Throws <see cref="IngestException"/> when the path is missing or
    /// holds no event file.
    /// </summary>
    public IReadOnlyList<RunLog> Read(string path, ReaderOptions options) => RunStreams.Materialize(sink => Stream(path, options, sink));

    void IStreamingReader.Stream(string path, ReaderOptions options, IRunSink sink) => Stream(path, options, sink);

    private void Stream(string path, ReaderOptions options, IRunSink sink)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        if (File.Exists(path))
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? path;
            TensorBoardRun.Stream(Format, path, Path.GetFileName(folder), [path], options, sink);
            return;
        }

        if (!Directory.Exists(path))
        {
            throw IngestException.NotFound(path);
        }

        var runs = EventFiles(path)
            .GroupBy(file => Path.GetDirectoryName(file) ?? path)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .ToArray();
        if (runs.Length == 0)
        {
            throw IngestException.EmptyFolder(path);
        }

        foreach (var group in runs)
        {
            TensorBoardRun.Stream(Format, group.Key, RunName(path, group.Key), [.. group.Order(StringComparer.Ordinal)], options, sink);
        }
    }

    /// <summary>The event files that <see cref="Read"/> consumes: the file, or every event file at or below the folder.</summary>
    public IEnumerable<string> Claims(string path)
        => Directory.Exists(path) ? EventFiles(path) : [path];

    /// <summary>
    /// Streams the scalars of one event file in file order without holding them: bounded memory
    /// whatever the file size (large files are read on several cores, with the same results; see
    /// <see cref="TensorBoardScalarStream"/>). Nothing is read until the result is enumerated.
    /// </summary>
    public static TensorBoardScalarStream ReadScalars(string file, ReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new TensorBoardScalarStream(file, options ?? ReaderOptions.Default);
    }

    private static IEnumerable<string> EventFiles(string folder)
        => Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }).Where(IsEventFile);

    internal static bool IsEventFile(string path) => Path.GetFileName(path).Contains("tfevents", StringComparison.Ordinal);

    /// <summary>True when the first 12 bytes are a TFRecord length and its masked CRC-32C.</summary>
    internal static bool StartsWithTfRecord(string path)
    {
        var head = FilePeek.HeadBytes(path, 12);
        return head.Length == 12
            && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(8)) == Crc32C.MaskedOfLength(System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(head));
    }

    private static string RunName(string root, string folder)
    {
        var relative = Path.GetRelativePath(root, folder);
        return relative == "." ? Path.GetFileName(Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar)) : relative;
    }
}
