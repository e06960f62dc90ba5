using Headroom.Core;

namespace Headroom.Ingest;

/// <summary>
/// A log that cannot be read. Every message names the file and the byte offset or line, and lives in
/// one of the named factories below.
/// </summary>
public sealed class IngestException : HeadroomException
{
    private IngestException(string message, Exception? inner = null)
        : base(message, inner ?? new InvalidDataException(message))
    {
    }

    /// <summary>A checksum does not match.</summary>
    public static IngestException CrcMismatch(string path, long offset, string what)
        => new($"{path}: {what} CRC mismatch at byte {offset}; the file is corrupted there.");

    /// <summary>Text that does not parse in a text format.</summary>
    public static IngestException Malformed(string path, long line, string detail)
        => new($"{path}: line {line}: {detail}.");

    /// <summary>A binary format whose bytes do not decode.</summary>
    public static IngestException MalformedBinary(string path, long offset, string detail)
        => new($"{path}: byte {offset}: {detail}.");

    /// <summary>No reader recognises a path.</summary>
    public static IngestException UnknownFormat(string path)
        => new($"{path}: no reader recognises this file or folder; name the format with --format-hint, or map columns with --step/--key columns for generic CSV/JSONL/Parquet.");

    /// <summary>A path that does not exist.</summary>
    public static IngestException NotFound(string path)
        => new($"{path}: no such file or folder.");

    /// <summary>A folder with nothing readable in it.</summary>
    public static IngestException EmptyFolder(string path)
        => new($"{path}: the folder holds no trainer log that Headroom can read.");

    /// <summary>Paths that held files, none of them a log Headroom reads.</summary>
    public static IngestException NothingReadable(int unrecognised)
        => new($"nothing readable in the paths given: {unrecognised} files, none a trainer log Headroom reads; name the format with --format-hint.");

    /// <summary>Paths whose every log failed: the first failure, and how many there were.</summary>
    public static IngestException NothingReadable(string firstFailure, int failures)
        => new($"nothing readable in the paths given: all {failures} logs failed; the first: {firstFailure}");

    /// <summary>A file that has no content.</summary>
    public static IngestException EmptyFile(string path)
        => new($"{path}: the file is empty.");

    /// <summary>A column or key the user named is not there.</summary>
    public static IngestException MissingColumn(string path, string column, IEnumerable<string> available)
        => new($"{path}: no column '{column}'; the columns are {string.Join(", ", available.Select(a => $"'{a}'"))}.");

    /// <summary>Bytes that are not valid UTF-8 in a text format.</summary>
    public static IngestException InvalidUtf8(string path, long offset, long? line = null)
        => new(line is null
            ? $"{path}: byte {offset}: invalid UTF-8; the file is not text in UTF-8 (re-encode it, or it is corrupted there)."
            : $"{path}: line {line}: invalid UTF-8 at byte {offset}; the file is not text in UTF-8 (re-encode it, or it is corrupted there).");

    /// <summary>Binary data where a text format was expected (a binary file given to a JSON or text reader).</summary>
    public static IngestException BinaryData(string path, long offset, byte value)
        => new($"{path}: byte {offset}: binary data (byte 0x{value:X2}) where JSON or text was expected; this is not a {System.IO.Path.GetFileName(path)} text log.");

    /// <summary>A file that parses but holds not one usable record.</summary>
    public static IngestException NoRecords(string path, string detail)
        => new($"{path}: no usable record: {detail}.");

    /// <summary>A JSON object under an HF state's name (or given as one) without the `log_history` every HF Trainer state has.</summary>
    public static IngestException NotATrainerState(string path, IEnumerable<string> keys)
    {
        var found = keys.Take(8).Select(k => $"'{k}'").ToList();
        return new($"{path}: not a Hugging Face trainer state: the JSON object has no \"log_history\" (its keys: {(found.Count == 0 ? "none" : string.Join(", ", found))}).");
    }

    /// <summary>A reader named by the user that does not exist.</summary>
    public static IngestException UnknownReader(string name, IEnumerable<string> available)
        => new($"no reader is named '{name}'; the readers are {string.Join(", ", available.Select(a => $"'{a}'"))}.");

    /// <summary>A column mapping that cannot work (e.g. a long layout without a value column).</summary>
    public static IngestException BadMapping(string detail)
        => new($"the column mapping is incomplete: {detail}.");

    /// <summary>An output file whose extension names no table format Headroom writes.</summary>
    public static IngestException UnsupportedOutput(string path)
        => new($"{path}: cannot tell the table format from the extension '{System.IO.Path.GetExtension(path)}'; use .csv, .jsonl or .parquet.");

    /// <summary>A chart export whose x-axis is not a step (wall time, relative time), so its values cannot be placed on steps.</summary>
    public static IngestException NotAStepAxis(string path, string column)
        => new($"{path}: line 1: the x-axis column '{column}' is not a step; export the panel with Step (or a global-step metric) as its x-axis.");

    /// <summary>A Parquet file that the Parquet reader cannot read.</summary>
    public static IngestException UnreadableParquet(string path, string detail, Exception inner)
        => new($"{path}: byte 0: the file does not read as Parquet ({detail}).", inner);

    /// <summary>A CSV file that the CSV parser rejects at a byte offset.</summary>
    public static IngestException UnreadableCsv(string path, long offset, string detail, Exception inner)
        => new($"{path}: byte {offset}: the file does not read as CSV ({detail}).", inner);
}
