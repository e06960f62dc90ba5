using System.Text.Json;
using System.Text.RegularExpressions;

namespace Headroom.Ingest;

/// <summary>
/// lm-evaluation-harness results (`results_&lt;datetime&gt;.json` from v0.4, the older
/// `&lt;model&gt;_&lt;task&gt;_&lt;n&gt;-shot.json` of v0.3): one run whose series are `&lt;task&gt;/&lt;metric&gt;,&lt;filter&gt;`
/// (v0.3: `&lt;task&gt;/&lt;metric&gt;`) at one step, 0 or the step of a `checkpoint-N`/`global_step_N` folder in the
/// path. Stderr values written as "N/A" are skipped and counted; `alias`/`name` are labels, not values.
/// Model name, model args, batch size, dates, versions and n-shot go to the metadata.
/// </summary>
internal sealed partial class LmEvalReader : ILogReader
{
    private static readonly string[] _labels = ["alias", "name"];

    public string Format => Formats.LmEval;

    public bool CanRead(string path)
    {
        if (!File.Exists(path) || !path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var name = Path.GetFileName(path);
        if (name.StartsWith("results_", StringComparison.Ordinal) || ShotFile().IsMatch(name))
        {
            // The harness's own names: an empty or cut file is still an lm-eval file, to be reported with its position.
            return true;
        }

        return Sniff(path);
    }

    /// <summary>True when the start of a file is a JSON object with a `results` key and a key the harness writes beside it (`configs`, `versions`, `n-shot`, `config`).</summary>
    internal static bool Sniff(string path)
    {
        var head = FilePeek.Head(path, 4096);
        return head.TrimStart().StartsWith('{')
            && head.Contains("\"results\"", StringComparison.Ordinal)
            && (head.Contains("\"configs\"", StringComparison.Ordinal) || head.Contains("\"versions\"", StringComparison.Ordinal)
                || head.Contains("\"n-shot\"", StringComparison.Ordinal) || head.Contains("\"config\"", StringComparison.Ordinal)
                || head.Contains(",none\"", StringComparison.Ordinal) || head.Contains("\"acc\"", StringComparison.Ordinal));
    }

    public IReadOnlyList<RunLog> Read(string path, ReaderOptions options)
    {
        var run = RunBuilder.Kept(Format, path, Path.GetFileNameWithoutExtension(path), options);
        using var document = Parse(path, run);
        var root = document.RootElement;
        var step = PathStep.Find(path) ?? 0;
        if (!root.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Object)
        {
            throw IngestException.NoRecords(path, "no \"results\" object");
        }

        AddTasks(run, results.EnumerateObject(), step, path);
        if (root.TryGetProperty("groups", out var groups) && groups.ValueKind == JsonValueKind.Object)
        {
            AddTasks(run, groups.EnumerateObject().Where(p => !results.TryGetProperty(p.Name, out _)), step, path);
        }

        AddMetadata(run, root);
        run.Name = run.Metadata.GetValueOrDefault("model_name_sanitized")
            ?? (run.Metadata.GetValueOrDefault("config.model_args") is { } args && Pretrained().Match(args) is { Success: true } m ? m.Groups["m"].Value : null)
            ?? run.Name;
        run.Metadata["step_source"] = PathStep.Find(path) is null ? "none (step 0)" : "path";
        return [run.Build()];
    }

    private static JsonDocument Parse(string path, RunBuilder run)
    {
        var document = PythonJsonReader.ParseFile(path, TextDocument.Read(path, run));
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw IngestException.Malformed(path, 1, "expected a JSON object");
        }

        return document;
    }

    private static void AddTasks(RunBuilder run, IEnumerable<JsonProperty> tasks, long step, string path)
    {
        foreach (var task in tasks)
        {
            if (task.Value.ValueKind != JsonValueKind.Object)
            {
                run.Skip("task entry that is not an object", path);
                continue;
            }

            foreach (var metric in task.Value.EnumerateObject().Where(p => !_labels.Contains(p.Name)))
            {
                var key = $"{task.Name}/{metric.Name}";
                if (PythonJsonReader.TryNumber(metric.Value, out var value))
                {
                    run.Add(key, step, value);
                }
                else if (PythonJsonReader.String(metric.Value) == "N/A")
                {
                    run.Skip("stderr not computed ('N/A')", $"{path}: {key}");
                }
                else
                {
                    run.Skip($"non-numeric value of '{key}'", path);
                }
            }
        }
    }

    private static void AddMetadata(RunBuilder run, JsonElement root)
    {
        foreach (var name in new[] { "model_name", "model_name_sanitized", "model_source", "git_hash", "date", "lm_eval_version", "transformers_version", "total_evaluation_time_seconds", "start_time", "end_time", "max_length" })
        {
            if (root.TryGetProperty(name, out var value) && IsScalar(value) && value.ValueKind != JsonValueKind.Null)
            {
                run.Metadata[name] = PythonJsonReader.Text(value);
            }
        }

        foreach (var section in new[] { "config", "versions", "n-shot" })
        {
            if (root.TryGetProperty(section, out var obj) && obj.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in obj.EnumerateObject().Where(p => IsScalar(p.Value)))
                {
                    run.Metadata[$"{section}.{property.Name}"] = PythonJsonReader.Text(property.Value);
                }
            }
        }

        if (root.TryGetProperty("n-samples", out var samples) && samples.ValueKind == JsonValueKind.Object)
        {
            foreach (var task in samples.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object))
            {
                run.Metadata[$"n-samples.{task.Name}"] = $"{Member(task.Value, "effective")} of {Member(task.Value, "original")}";
            }
        }
    }

    private static bool IsScalar(JsonElement value) => value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array);

    private static string Member(JsonElement obj, string name) => obj.TryGetProperty(name, out var value) ? PythonJsonReader.Text(value) : string.Empty;

    [GeneratedRegex(@"_[0-9]+-shot\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex ShotFile();

    [GeneratedRegex(@"(^|,)\s*pretrained=(?<m>[^,]+)", RegexOptions.CultureInvariant)]
    private static partial Regex Pretrained();
}
