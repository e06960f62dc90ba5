using System.Text.Json;

namespace Headroom.Ingest;

/// <summary>
/// ms-swift `logging.jsonl` (`output/&lt;model&gt;/v&lt;N&gt;-&lt;date&gt;/logging.jsonl`): the HF logs of each `on_log` plus
/// the step, as `global_step` (2023) or `"global_step/max_steps": "10/100"` (later), `percentage` as "10.00%",
/// `elapsed_time`/`remaining_time` as "1m 2s". The wall time is the elapsed time since the run started.
/// </summary>
internal sealed class MsSwiftLogReader : ILogReader, IStreamingReader
{
    public string Format => Formats.MsSwift;

    public bool CanRead(string path)
    {
        if (!File.Exists(path) || !path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var first = FilePeek.FirstLine(path);
        return first.Contains("\"global_step", StringComparison.Ordinal) && !first.Contains("\"current_steps\"", StringComparison.Ordinal);
    }

    public IReadOnlyList<RunLog> Read(string path, ReaderOptions options) => RunStreams.Materialize(sink => Stream(path, options, sink));

    public void Stream(string path, ReaderOptions options, IRunSink sink)
    {
        var run = sink.Begin(Format, path, TrainerStateReader.RunName(Path.GetDirectoryName(Path.GetFullPath(path))!), options);
        var seen = new HashSet<long>();
        JsonLines.Read(path, run, (obj, line) =>
        {
            var location = RunBuilder.AtLine(path, line.Number);
            if (!TryStep(obj, out var step, out var maxSteps))
            {
                run.Fault("line without an integral global_step", location,
                    () => IngestException.Malformed(path, line.Number, "no integral \"global_step\" (or \"global_step/max_steps\")"));
                return;
            }

            if (maxSteps is { } max)
            {
                run.Metadata["max_steps"] = max;
            }

            JsonLines.CountRepeatedStep(run, seen, step, location);
            double? wall = ElapsedTime.TryParseSeconds(PythonJsonReader.String(Member(obj, "elapsed_time")), out var seconds) ? seconds : null;
            foreach (var property in obj.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "global_step" or "global_step/max_steps":
                        break;
                    case "elapsed_time":
                        if (wall is null)
                        {
                            run.Skip("elapsed_time that is not a duration", location);
                        }

                        break;
                    case "remaining_time":
                        run.Skip("remaining_time (an estimate, not read)", location);
                        break;
                    case "percentage" when property.Value.ValueKind == JsonValueKind.String:
                        JsonLines.AddText(run, property.Name, property.Value.GetString()!.TrimEnd('%'), step, wall, location);
                        break;
                    default:
                        JsonLines.AddField(run, property.Name, property.Value, step, wall, location, nullIsNaN: false);
                        break;
                }
            }
        });
        run.Metadata["wall_time_origin"] = "run_start";
        sink.End(run);
    }

    private static bool TryStep(JsonElement obj, out long step, out string? maxSteps)
    {
        step = 0;
        maxSteps = null;
        if (obj.TryGetProperty("global_step", out var token))
        {
            return PythonJsonReader.TryNumber(token, out var value) && Numbers.TryStep(value, out step);
        }

        if (PythonJsonReader.String(Member(obj, "global_step/max_steps")) is { } pair && pair.Split('/') is [var current, var max])
        {
            maxSteps = max.Trim();
            return Numbers.TryParse(current, out var value) && Numbers.TryStep(value, out step);
        }

        return false;
    }

    private static JsonElement? Member(JsonElement obj, string name) => obj.TryGetProperty(name, out var value) ? value : null;
}
