using System.Text;
using System.Text.Json;

namespace Headroom.Ingest;

/// <summary>
/// One W&amp;B run folder (`run-&lt;YYYYMMDD_HHMMSS&gt;-&lt;id&gt;/` or `offline-run-...`): the
/// `run-&lt;id&gt;.wandb` datastore (history, summary and config), `files/config.yaml`,
/// `files/wandb-summary.json`, `files/wandb-metadata.json` and, from old SDKs,
/// `wandb-history.jsonl`. Files win over the datastore for the summary and the config (they are
/// the final state); the datastore's copies stand in when offline mode did not write the files.
/// </summary>
internal static class WandbRunFolder
{
    /// <summary>True when the folder holds a datastore or W&amp;B's run files (`files/` itself is not a run).</summary>
    public static bool IsRunFolder(string folder)
        => Directory.Exists(folder)
            && Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)) != "files"
            && (Datastores(folder).Any()
                || FirstExisting(folder, "wandb-summary.json") is not null
                || FirstExisting(folder, "wandb-history.jsonl") is not null
                || (File.Exists(Path.Combine(folder, "files", "config.yaml")) && File.Exists(Path.Combine(folder, "files", "wandb-metadata.json"))));

    /// <summary>True for a run's `files/` folder (it holds the summary, or the config beside the metadata).</summary>
    public static bool IsFilesFolder(string folder)
        => Directory.Exists(folder)
            && Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)) == "files"
            && (File.Exists(Path.Combine(folder, "wandb-summary.json"))
                || (File.Exists(Path.Combine(folder, "config.yaml")) && File.Exists(Path.Combine(folder, "wandb-metadata.json"))));

    /// <summary>
    /// Reads one file of a run folder on its own (the user named it): `wandb-summary.json` gives the summary's numbers
    /// (one point each), `config.yaml` and `wandb-metadata.json` the run facts. An empty or cut file is an error naming
    /// its position.
    /// </summary>
    public static RunLog ReadRunFile(string path, ReaderOptions options, string format)
        => WandbRunBuilder.Read(format, path, options, builder => LoadRunFile(path, options, builder));

    private static string LoadRunFile(string path, ReaderOptions options, WandbRunBuilder builder)
    {
        switch (Path.GetFileName(path))
        {
            case "wandb-summary.json":
                using (var document = PythonJsonReader.ParseFile(path, File.ReadAllBytes(path)))
                {
                    if (document.RootElement.ValueKind != JsonValueKind.Object)
                    {
                        throw IngestException.Malformed(path, 1, "the summary is not a JSON object");
                    }

                    WandbJsonFiles.AddSummary(document.RootElement, path, builder);
                }

                break;
            case "config.yaml":
                if (new FileInfo(path).Length == 0)
                {
                    throw IngestException.EmptyFile(path);
                }

                WandbConfigYaml.Read(path, options with { BadRecords = BadRecordPolicy.Strict }, builder);
                break;
            default:
                PythonJsonReader.ParseFile(path, File.ReadAllBytes(path)).Dispose();
                WandbJsonFiles.ReadMetadata(path, builder);
                break;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var run = Path.GetFileName(folder) == "files" ? Path.GetDirectoryName(folder)! : folder;
        return RunIdFromFolder(run);
    }

    /// <summary>Reads a run folder whole.</summary>
    public static RunLog Read(string folder, ReaderOptions options, string format)
        => WandbRunBuilder.Read(format, folder, options, builder => Load(folder, options, builder));

    /// <summary>Streams a run folder: the datastore's history rows go on as they are decoded.</summary>
    public static void Stream(string folder, ReaderOptions options, string format, IRunSink sink)
        => WandbRunBuilder.Stream(format, folder, RunIdFromFolder(folder), options, sink, builder => Load(folder, options, builder));

    /// <summary>Reads a lone datastore file whole: history, and its own summary and config.</summary>
    public static RunLog ReadDatastore(string path, ReaderOptions options, string format)
        => WandbRunBuilder.Read(format, path, options, builder => LoadDatastore(path, options, builder));

    /// <summary>Streams a lone datastore file.</summary>
    public static void StreamDatastore(string path, ReaderOptions options, string format, IRunSink sink)
        => WandbRunBuilder.Stream(format, path, Path.GetFileNameWithoutExtension(path), options, sink, builder => LoadDatastore(path, options, builder));

    /// <summary>Reads a run folder's files into <paramref name="builder"/>; the run's name.</summary>
    private static string Load(string folder, ReaderOptions options, WandbRunBuilder builder)
    {
        var decoder = new WandbRecordDecoder(builder);
        foreach (var datastore in Datastores(folder))
        {
            var stream = new FileStream(datastore, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            DatastoreLoader.Load(datastore, stream, options, builder, decoder);
        }

        if (builder.Rows == 0 && FirstExisting(folder, "wandb-history.jsonl") is { } history)
        {
            WandbJsonFiles.ReadHistory(history, options, builder);
        }

        var summary = FirstExisting(folder, "wandb-summary.json");
        if (summary is not null)
        {
            WandbJsonFiles.ReadSummary(summary, options, builder);
        }

        var config = FirstExisting(folder, "config.yaml");
        if (config is not null)
        {
            WandbConfigYaml.Read(config, options, builder);
        }

        ApplyDatastoreCopies(builder, decoder, summary is null, config is null, folder);
        if (FirstExisting(folder, "wandb-metadata.json") is { } metadata)
        {
            WandbJsonFiles.ReadMetadata(metadata, builder);
        }

        return builder.Metadata.GetValueOrDefault("wandb.display_name")
            ?? builder.Metadata.GetValueOrDefault("wandb.run_id")
            ?? RunIdFromFolder(folder);
    }

    /// <summary>Reads a lone datastore file into <paramref name="builder"/>; the run's name.</summary>
    private static string LoadDatastore(string path, ReaderOptions options, WandbRunBuilder builder)
    {
        var decoder = new WandbRecordDecoder(builder);
        DatastoreLoader.Load(path, new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 0), options, builder, decoder);
        ApplyDatastoreCopies(builder, decoder, useSummary: true, useConfig: true, path);
        return builder.Metadata.GetValueOrDefault("wandb.display_name") ?? builder.Metadata.GetValueOrDefault("wandb.run_id") ?? Path.GetFileNameWithoutExtension(path);
    }

    /// <summary>The datastore's summary and config records, where the files that normally hold them are missing.</summary>
    private static void ApplyDatastoreCopies(WandbRunBuilder builder, WandbRecordDecoder decoder, bool useSummary, bool useConfig, string location)
    {
        if (useSummary && decoder.Summary.Count > 0)
        {
            var json = "{" + string.Join(",", decoder.Summary.Select(item => $"{JsonSerializer.Serialize(item.Key)}:{Encoding.UTF8.GetString(item.Value)}")) + "}";
            if (PythonJsonReader.TryParse(json) is { } element)
            {
                WandbJsonFiles.AddSummary(element, location, builder);
            }
            else
            {
                builder.Skipped.Add("datastore summary that is not valid JSON", location);
            }
        }

        if (!useConfig)
        {
            return;
        }

        foreach (var (key, value) in decoder.Config)
        {
            if (PythonJsonReader.TryParse(value) is { } element)
            {
                builder.AddConfig(key, element.ValueKind == JsonValueKind.Object && element.TryGetProperty("value", out var wrapped) ? wrapped : element);
            }
        }
    }

    /// <summary>The `*.wandb` files directly in the folder, by name.</summary>
    public static IEnumerable<string> Datastores(string folder)
        => Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.wandb").Order(StringComparer.Ordinal)
            : [];

    private static string? FirstExisting(string folder, string name)
        => new[] { Path.Combine(folder, "files", name), Path.Combine(folder, name) }.FirstOrDefault(File.Exists);

    private static string RunIdFromFolder(string folder)
    {
        var name = Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar));
        var dash = name.LastIndexOf('-');
        return name.StartsWith("run-", StringComparison.Ordinal) || name.StartsWith("offline-run-", StringComparison.Ordinal)
            ? name[(dash + 1)..]
            : name;
    }
}
