namespace Headroom.Ingest;

/// <summary>
/// Reads Weights &amp; Biases runs without the W&amp;B SDK: a run folder (`run-...-&lt;id&gt;/`,
/// `offline-run-...`) with its binary `run-&lt;id&gt;.wandb` datastore (LevelDB-log blocks of
/// protobuf `Record`s whose history values are JSON strings), `files/config.yaml` (metadata) and
/// `files/wandb-summary.json`; a `wandb/` folder of runs; a lone `.wandb` file; old
/// `wandb-history.jsonl`; and exports: the UI's panel CSV (`Step`, `&lt;run&gt; - &lt;metric&gt;`,
/// `__MIN`/`__MAX`) and history exports in CSV or Parquet (`_step`, `_runtime`, `_timestamp`, metrics).
/// </summary>
/// <remarks>
/// Step axis: `train/global_step` where a row holds it (HF and OpenRLHF declare it the step metric),
/// else `eval/global_step` (OpenRLHF eval rows), else the last global step seen, else `_step`.
/// `_timestamp` becomes the wall time. In UI CSV exports each `&lt;run&gt;` prefix is one run and the
/// x-axis column is the step; `__MIN`/`__MAX` columns (the range of a downsampled bucket, not logged
/// values) are skipped and counted. Values that are not numbers (histograms, media, strings) are
/// skipped and counted by kind; bare NaN/Infinity as Python writes them are read as numbers.
/// Bad records follow <see cref="ReaderOptions.BadRecords"/>; a truncated datastore tail is always tolerated.
/// When the options carry a column mapping (<see cref="ReaderOptions.Table"/>), CSV and Parquet exports are
/// handed to the generic table readers, since the user said how to read them.
/// </remarks>
public sealed class WandbReader : ILogReader, IStreamingReader
{
    /// <inheritdoc/>
    public string Format => "wandb";

    /// <summary>
    /// True for a run folder or its `files/` folder, a folder directly holding run folders (`wandb/`), a `.wandb` file
    /// (by name, or by its `:W&amp;B` header under another name), `wandb-history.jsonl`, or a W&amp;B CSV/Parquet export.
    /// With <c>--format-hint wandb</c> every single file of a run folder is read: `wandb-summary.json` (the summary),
    /// `config.yaml` and `wandb-metadata.json` (run facts), `output.log` (the console, as verl prints metrics to it).
    /// </summary>
    public bool CanRead(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path))
        {
            return path.EndsWith(".wandb", StringComparison.Ordinal)
                || FilePeek.HeadBytes(path, 4).AsSpan().SequenceEqual(":W&B"u8)
                || Path.GetFileName(path) == "wandb-history.jsonl"
                || WandbExport.IsExport(path);
        }

        return WandbRunFolder.IsRunFolder(path)
            || WandbRunFolder.IsFilesFolder(path)
            || (Directory.Exists(path) && Directory.EnumerateDirectories(path).Any(WandbRunFolder.IsRunFolder));
    }

    /// <summary>The files <see cref="Read"/> consumes: the file, or every file of the run folders it reads (so a folder walk offers no other reader their logs/ and files/).</summary>
    public IEnumerable<string> Claims(string path)
    {
        if (!Directory.Exists(path))
        {
            return [path];
        }

        var folders = WandbRunFolder.IsRunFolder(path) || WandbRunFolder.IsFilesFolder(path) ? [path] : RunFolders(path);
        return folders.SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories));
    }

    /// <summary>
    /// Reads the runs at <paramref name="path"/>: one per run folder (in path order), one per `.wandb`
    /// or `wandb-history.jsonl` file, one per run prefix of a UI export. Throws
    /// <see cref="IngestException"/> for a missing path or a folder without W&amp;B runs.
    /// </summary>
    public IReadOnlyList<RunLog> Read(string path, ReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        if (File.Exists(path))
        {
            return ReadFile(path, options);
        }

        if (!Directory.Exists(path))
        {
            throw IngestException.NotFound(path);
        }

        var runs = RunFoldersAt(path).Select(folder => WandbRunFolder.Read(folder, options, Format)).ToArray();
        return runs.Length > 0 ? runs : throw IngestException.EmptyFolder(path);
    }

    private IReadOnlyList<RunLog> ReadFile(string path, ReaderOptions options)
    {
        if (IsDatastore(path))
        {
            return [WandbRunFolder.ReadDatastore(path, options, Format)];
        }

        switch (Path.GetFileName(path))
        {
            case "wandb-summary.json" or "config.yaml" or "wandb-metadata.json":
                return [WandbRunFolder.ReadRunFile(path, options, Format)];
            case "output.log":
                return LogReaders.All.OfType<VerlConsoleReader>().Single().Read(path, options);
        }

        if (path.EndsWith(".jsonl", StringComparison.Ordinal))
        {
            return [WandbRunBuilder.Read(Format, path, options, builder => ReadHistoryJsonl(path, options, builder))];
        }

        var isParquet = path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);
        if (!isParquet && !WandbExport.IsExport(path))
        {
            throw IngestException.UnknownFormat(path);
        }

        // A column mapping given by the user says how to read this table: it wins over export detection.
        var generic = options.Table is null ? null : LogReaders.Generic.FirstOrDefault(reader => reader.CanRead(path));
        return generic?.Read(path, options) ?? WandbExport.Read(path, options, Format);
    }

    /// <summary>
    /// Streams what grows with a run: a run folder's datastore (or a lone `.wandb` file) record by record, a history
    /// export (CSV, Parquet) or an old SDK's `wandb-history.jsonl` row by row; replays the others (a summary, a config,
    /// a console log, a panel export: small, or read whole anyway).
    /// </summary>
    void IStreamingReader.Stream(string path, ReaderOptions options, IRunSink sink)
    {
        if (Directory.Exists(path))
        {
            var folders = RunFoldersAt(path);
            if (folders.Count == 0)
            {
                throw IngestException.EmptyFolder(path);
            }

            foreach (var folder in folders)
            {
                WandbRunFolder.Stream(folder, options, Format, sink);
            }

            return;
        }

        if (File.Exists(path) && IsDatastore(path))
        {
            WandbRunFolder.StreamDatastore(path, options, Format, sink);
            return;
        }

        if (File.Exists(path) && path.EndsWith(".jsonl", StringComparison.Ordinal))
        {
            WandbRunBuilder.Stream(Format, path, Path.GetFileNameWithoutExtension(path), options, sink, builder => ReadHistoryJsonl(path, options, builder));
            return;
        }

        if (File.Exists(path) && options.Table is null && WandbExport.IsHistory(path))
        {
            WandbExport.StreamHistory(path, options, Format, sink);
            return;
        }

        foreach (var run in Read(path, options))
        {
            RunStreams.Replay(run, options, sink);
        }
    }

    private static string ReadHistoryJsonl(string path, ReaderOptions options, WandbRunBuilder builder)
    {
        WandbJsonFiles.ReadHistory(path, options, builder);
        return Path.GetFileNameWithoutExtension(path);
    }

    private static bool IsDatastore(string path)
        => path.EndsWith(".wandb", StringComparison.Ordinal) || FilePeek.HeadBytes(path, 4).AsSpan().SequenceEqual(":W&B"u8);

    /// <summary>
    /// The run folders a folder stands for: itself (a run folder); the run folder around a `files/` folder when it
    /// holds the datastore (the full history), else the `files/` folder alone; else the run folders below it.
    /// </summary>
    private static IReadOnlyList<string> RunFoldersAt(string path)
    {
        if (WandbRunFolder.IsRunFolder(path))
        {
            return [path];
        }

        if (WandbRunFolder.IsFilesFolder(path))
        {
            var parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)))!;
            return [WandbRunFolder.Datastores(parent).Any() ? parent : path];
        }

        return RunFolders(path).ToList();
    }

    // Run folders at or below a folder (the `wandb/` folder of a project, or a tree holding several);
    // `latest-run` is a link to one of the others and is left out.
    private static IEnumerable<string> RunFolders(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var found = Directory.EnumerateDirectories(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, MaxRecursionDepth = 4 })
            .Where(d => !d.Split(Path.DirectorySeparatorChar).Contains("latest-run"))
            .Where(WandbRunFolder.IsRunFolder)
            .Order(StringComparer.Ordinal)
            .ToList();

        // A run folder's own sub-folders (files/, logs/, media/) are not runs.
        return found.Where(d => !found.Any(outer => d.StartsWith(outer + Path.DirectorySeparatorChar, StringComparison.Ordinal)));
    }
}
