using System.Text.Json;

namespace Headroom.Ingest;

/// <summary>The JSON files of a W&amp;B run folder: `wandb-summary.json`, `wandb-history.jsonl` (old SDKs) and `wandb-metadata.json`.</summary>
internal static class WandbJsonFiles
{
    /// <summary>Reads the final summary: numbers go to the builder, the rest (histograms, media, strings) is counted.</summary>
    public static void ReadSummary(string path, ReaderOptions options, WandbRunBuilder builder)
    {
        var root = PythonJsonReader.TryParse(File.ReadAllBytes(path));
        if (root is not { ValueKind: JsonValueKind.Object } summary)
        {
            Reject(path, 1, "the summary is not a JSON object", options, builder);
            return;
        }

        AddSummary(summary, path, builder);
    }

    /// <summary>Adds the members of a summary object (from the file or the datastore).</summary>
    public static void AddSummary(JsonElement summary, string location, WandbRunBuilder builder)
    {
        var numbers = new List<(string Key, double Value)>();
        var reasons = new List<string>();
        foreach (var property in summary.EnumerateObject())
        {
            if (property.Name.StartsWith("_wandb", StringComparison.Ordinal))
            {
                builder.Skipped.Add("W&B bookkeeping in the run summary (_wandb)", location);
                continue;
            }

            numbers.Clear();
            reasons.Clear();
            WandbValue.ReadElement(property.Name, property.Value, numbers, reasons);
            foreach (var (key, value) in numbers)
            {
                builder.AddSummary(key, value);
            }

            foreach (var reason in reasons)
            {
                builder.Skipped.Add($"{reason} in the run summary", location);
            }
        }
    }

    /// <summary>Reads `wandb-history.jsonl`: one JSON object per line, one history row each.</summary>
    public static void ReadHistory(string path, ReaderOptions options, WandbRunBuilder builder)
    {
        var numbers = new List<(string Key, double Value)>();
        var reasons = new List<string>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (PythonJsonReader.TryParse(line) is not { ValueKind: JsonValueKind.Object } row)
            {
                Reject(path, lineNumber, "the line is not a JSON object", options, builder);
                continue;
            }

            foreach (var property in row.EnumerateObject())
            {
                numbers.Clear();
                reasons.Clear();
                WandbValue.ReadElement(property.Name, property.Value, numbers, reasons);
                foreach (var (key, value) in numbers)
                {
                    builder.Add(builder.KeyId(key), value);
                }

                foreach (var reason in reasons)
                {
                    builder.Skipped.Add($"history {reason}", $"{path}: line {lineNumber}");
                }
            }

            builder.EndRow();
        }
    }

    /// <summary>Takes the harmless run facts of `wandb-metadata.json` (program, Python, GPU); never e-mail, host or user names.</summary>
    public static void ReadMetadata(string path, WandbRunBuilder builder)
    {
        if (PythonJsonReader.TryParse(File.ReadAllBytes(path)) is not { ValueKind: JsonValueKind.Object } metadata)
        {
            builder.Skipped.Add("unreadable wandb-metadata.json", path);
            return;
        }

        foreach (var name in new[] { "program", "python", "gpu", "gpu_count", "cuda", "startedAt" })
        {
            if (metadata.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
            {
                builder.Metadata[$"wandb.{name}"] = PythonJsonReader.Text(value);
            }
        }
    }

    private static void Reject(string path, int line, string detail, ReaderOptions options, WandbRunBuilder builder)
    {
        if (options.BadRecords == BadRecordPolicy.Strict)
        {
            throw IngestException.Malformed(path, line, detail);
        }

        builder.Skipped.Add($"unreadable JSON ({detail})", $"{path}: line {line}");
    }
}
