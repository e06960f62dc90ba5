using System.Globalization;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

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
        var root = Parse(path, run);
        var step = PathStep.Find(path) ?? 0;
        if (root["results"] is not JObject results)
        {
            throw IngestException.NoRecords(path, "no \"results\" object");
        }

        AddTasks(run, results, step, path);
        if (root["groups"] is JObject groups)
        {
            AddTasks(run, new JObject(groups.Properties().Where(p => results[p.Name] is null)), step, path);
        }

        AddMetadata(run, root);
        run.Name = run.Metadata.GetValueOrDefault("model_name_sanitized")
            ?? (run.Metadata.GetValueOrDefault("config.model_args") is { } args && Pretrained().Match(args) is { Success: true } m ? m.Groups["m"].Value : null)
            ?? run.Name;
        run.Metadata["step_source"] = PathStep.Find(path) is null ? "none (step 0)" : "path";
        return [run.Build()];
    }

    private static JObject Parse(string path, RunBuilder run)
    {
        var text = TextDocument.Read(path, run);
        try
        {
            using var reader = Json.Reader(new StringReader(text));
            return JToken.ReadFrom(reader) as JObject ?? throw IngestException.Malformed(path, 1, "expected a JSON object");
        }
        catch (JsonReaderException exception)
        {
            throw IngestException.Malformed(path, exception.LineNumber, $"malformed JSON at position {exception.LinePosition} ({Json.Describe(exception)})");
        }
    }

    private static void AddTasks(RunBuilder run, JObject tasks, long step, string path)
    {
        foreach (var task in tasks.Properties())
        {
            if (task.Value is not JObject metrics)
            {
                run.Skip("task entry that is not an object", path);
                continue;
            }

            foreach (var metric in metrics.Properties().Where(p => !_labels.Contains(p.Name)))
            {
                var key = $"{task.Name}/{metric.Name}";
                if (Json.TryNumber(metric.Value, out var value))
                {
                    run.Add(key, step, value);
                }
                else if (metric.Value.Type == JTokenType.String && (string?)metric.Value == "N/A")
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

    private static void AddMetadata(RunBuilder run, JObject root)
    {
        foreach (var name in new[] { "model_name", "model_name_sanitized", "model_source", "git_hash", "date", "lm_eval_version", "transformers_version", "total_evaluation_time_seconds", "start_time", "end_time", "max_length" })
        {
            if (root[name] is JValue { Value: not null } value)
            {
                run.Metadata[name] = Convert.ToString(value.Value, CultureInfo.InvariantCulture)!;
            }
        }

        foreach (var section in new[] { "config", "versions", "n-shot" })
        {
            if (root[section] is JObject obj)
            {
                foreach (var property in obj.Properties().Where(p => p.Value is JValue))
                {
                    run.Metadata[$"{section}.{property.Name}"] = ((JValue)property.Value).Value is { } v ? Convert.ToString(v, CultureInfo.InvariantCulture)! : "null";
                }
            }
        }

        if (root["n-samples"] is JObject samples)
        {
            foreach (var task in samples.Properties().Where(p => p.Value is JObject))
            {
                run.Metadata[$"n-samples.{task.Name}"] = $"{task.Value["effective"]} of {task.Value["original"]}";
            }
        }
    }

    [GeneratedRegex(@"_[0-9]+-shot\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex ShotFile();

    [GeneratedRegex(@"(^|,)\s*pretrained=(?<m>[^,]+)", RegexOptions.CultureInvariant)]
    private static partial Regex Pretrained();
}
