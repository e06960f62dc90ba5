using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace Headroom.Ingest;

/// <summary>
/// Hugging Face Trainer / TRL / LLaMA-Factory `trainer_state.json`. Given a file, reads it; given a run folder
/// (a `trainer_state.json` at its root and/or `checkpoint-N/trainer_state.json` folders), reads them all as one
/// run: files in order of their `global_step` (the root last on a tie), the last value per (key, step) winning,
/// which also merges a resumed run's carried-forward history. Every numeric key of every `log_history` entry
/// is a series (the final summary's `train_loss`, `train_runtime`... too); the top-level `total_flos` and a
/// non-zero `num_input_tokens_seen` add a point at the file's `global_step`, so checkpoints give a cumulative
/// FLOPs series. Other top-level fields become metadata.
/// </summary>
internal sealed partial class TrainerStateReader : ILogReader
{
    public const string FileName = "trainer_state.json";

    public string Format => Formats.TrainerState;

    public bool CanRead(string path)
    {
        if (Directory.Exists(path))
        {
            return StateFiles(path).Any();
        }

        if (!File.Exists(path))
        {
            return false;
        }

        if (System.IO.Path.GetFileName(path) == FileName)
        {
            return true;
        }

        return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            && FilePeek.Head(path, 4096).Contains("\"log_history\"", StringComparison.Ordinal);
    }

    public IEnumerable<string> Claims(string path)
    {
        if (!Directory.Exists(path))
        {
            return [path];
        }

        var checkpointFiles = CheckpointFolders(path).SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories));
        var rootFiles = new[] { FileName, "all_results.json", "train_results.json", "eval_results.json" }
            .Select(name => System.IO.Path.Combine(path, name))
            .Where(File.Exists);
        return [.. rootFiles, .. checkpointFiles];
    }

    public IReadOnlyList<RunLog> Read(string path, ReaderOptions options)
    {
        path = System.IO.Path.TrimEndingDirectorySeparator(path);
        var isFolder = Directory.Exists(path);
        if (!isFolder && !File.Exists(path))
        {
            throw IngestException.NotFound(path);
        }

        var files = isFolder ? StateFiles(path).ToList() : [path];
        if (files.Count == 0)
        {
            throw IngestException.EmptyFolder(path);
        }

        var run = new RunBuilder(Format, path, RunName(isFolder ? path : System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!), options);
        var parsed = files.Select(file => TrainerStateFile.Parse(file, run))
            .OrderBy(file => file.GlobalStep ?? long.MinValue)
            .ThenBy(file => System.IO.Path.GetDirectoryName(file.Path) == path ? 1 : 0)
            .ToList();
        foreach (var file in parsed)
        {
            AddFile(file, run);
        }

        if (isFolder)
        {
            run.Metadata["files"] = parsed.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            run.Metadata["checkpoints"] = string.Join(", ", parsed.Where(f => f.GlobalStep.HasValue && System.IO.Path.GetDirectoryName(f.Path) != path).Select(f => f.GlobalStep));
            ReadResultFiles(path, run);
        }

        return [run.Build()];
    }

    private static void AddFile(TrainerStateFile file, RunBuilder run)
    {
        long? previousStep = null;
        var inferred = 0;
        foreach (var (entry, line) in file.LogHistory)
        {
            var location = RunBuilder.AtLine(file.Path, line);
            long step;
            if (entry["step"] is { } stepToken && Json.TryNumber(stepToken, out var stepValue) && Numbers.TryStep(stepValue, out step))
            {
                previousStep = step;
            }
            else if (entry["step"] is null && previousStep is { } previous)
            {
                // Entries appended by a callback (e.g. predict metrics after an evaluation) carry no step; they
                // were logged at the step of the entry before them.
                step = previous;
                inferred++;
            }
            else
            {
                run.Fault("log_history entry without an integral step", location,
                    () => IngestException.Malformed(file.Path, line, "a log_history entry has no integral \"step\""));
                continue;
            }

            foreach (var property in entry.Properties())
            {
                if (property.Name != "step")
                {
                    AddValue(run, property.Name, step, property.Value, location);
                }
            }
        }

        if (inferred > 0)
        {
            run.Metadata["log_history_entries_without_step"] = $"{inferred} (each given the step of the entry before it)";
        }

        foreach (var (name, value) in file.MetadataEntries())
        {
            run.Metadata[name] = value;
        }

        run.Metadata["log_history_entries"] = file.LogHistory.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);

        if (file.GlobalStep is { } globalStep)
        {
            if (file.TopLevel.TryGetValue("total_flos", out var flos) && Json.TryNumber(flos, out var totalFlos))
            {
                run.Add("total_flos", globalStep, totalFlos);
            }

            if (file.TopLevel.TryGetValue("num_input_tokens_seen", out var seen) && Json.TryNumber(seen, out var tokens) && tokens > 0)
            {
                run.Add("num_input_tokens_seen", globalStep, tokens);
            }
        }
    }

    private static void AddValue(RunBuilder run, string key, long step, JToken value, string location)
    {
        switch (value.Type)
        {
            case JTokenType.Integer or JTokenType.Float:
                run.Add(key, step, value.Value<double>());
                break;
            case JTokenType.Null:
                run.Skip($"null value of '{key}'", location);
                break;
            case JTokenType.String when Numbers.TryParse((string?)value, out var parsed):
                run.Add(key, step, parsed);
                break;
            default:
                run.Skip($"non-numeric value of '{key}'", location);
                break;
        }
    }

    private static void ReadResultFiles(string folder, RunBuilder run)
    {
        foreach (var name in new[] { "all_results.json", "train_results.json", "eval_results.json" })
        {
            var file = System.IO.Path.Combine(folder, name);
            if (!File.Exists(file))
            {
                continue;
            }

            try
            {
                var result = Json.ParseObject(File.ReadAllText(file));
                foreach (var property in result.Properties().Where(p => p.Value is JValue))
                {
                    run.Metadata[$"{System.IO.Path.GetFileNameWithoutExtension(name)}.{property.Name}"] = property.Value.ToString();
                }
            }
            catch (Newtonsoft.Json.JsonReaderException)
            {
                run.Skip($"unreadable {name} (not JSON)", file);
            }
        }
    }

    /// <summary>The run's name: its folder, or the folder above a `checkpoint-N` folder.</summary>
    internal static string RunName(string folder)
    {
        var full = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(folder));
        var name = System.IO.Path.GetFileName(full);
        return CheckpointName().IsMatch(name) && System.IO.Path.GetDirectoryName(full) is { } parent
            ? System.IO.Path.GetFileName(parent)
            : name;
    }

    private static IEnumerable<string> StateFiles(string folder)
    {
        var root = System.IO.Path.Combine(folder, FileName);
        if (File.Exists(root))
        {
            yield return root;
        }

        foreach (var checkpoint in CheckpointFolders(folder))
        {
            var file = System.IO.Path.Combine(checkpoint, FileName);
            if (File.Exists(file))
            {
                yield return file;
            }
        }
    }

    private static IEnumerable<string> CheckpointFolders(string folder)
        => Directory.EnumerateDirectories(folder)
            .Where(dir => CheckpointName().IsMatch(System.IO.Path.GetFileName(dir)))
            .Order(StringComparer.Ordinal);

    [GeneratedRegex("^checkpoint-[0-9]+$")]
    internal static partial Regex CheckpointName();
}
