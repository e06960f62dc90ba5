namespace Headroom.Ingest;

/// <summary>What <see cref="LogIngest.Read"/> found under the paths it was given.</summary>
/// <param name="Runs">Every run read, in walk order: paths as given; in a folder, the folder readers first, then its files, then its sub-folders, each by name.</param>
/// <param name="Unrecognised">Files under the given folders that no reader recognised (hidden files excepted).</param>
/// <param name="Failures">Paths and logs that could not be read at all: a missing path, an unrecognised named file, a log whose reader failed (lenient policy only; strict throws).</param>
public sealed record IngestResult(
    IReadOnlyList<RunLog> Runs,
    IReadOnlyList<string> Unrecognised,
    IReadOnlyList<IngestFailure> Failures);

/// <summary>A recognised log that could not be read.</summary>
/// <param name="Path">The file or folder.</param>
/// <param name="Format">The reader that tried.</param>
/// <param name="Message">The reader's one-line reason (naming file and position).</param>
public sealed record IngestFailure(string Path, string Format, string Message);
