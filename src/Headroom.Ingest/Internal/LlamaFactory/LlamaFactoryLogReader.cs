using System.Globalization;

namespace Headroom.Ingest;

/// <summary>
/// LLaMA-Factory `trainer_log.jsonl`. LogCallback (`train/callbacks.py`) writes one object per `on_log` with
/// `current_steps`, `total_steps`, the logged metrics (`loss`, `eval_loss`, `lr` or `learning_rate`,
/// `reward`, `accuracy`...), `epoch`, `percentage`, and `elapsed_time`/`remaining_time` as "H:MM:SS" strings;
/// versions before 2024 write None metrics as null. The v1 logging callback writes the raw HF logs plus
/// `step` and `total_steps`. The step is `current_steps` (or `step`), the wall time is `elapsed_time` in
/// seconds since the run started, `total_steps` is metadata, `remaining_time` (an estimate) is counted as
/// skipped. Lines repeating a step (several writer processes, eval lines after train lines) are counted;
/// the later value of a key wins.
/// </summary>
internal sealed class LlamaFactoryLogReader : ILogReader, IStreamingReader
{
    public const string FileName = "trainer_log.jsonl";

    public string Format => Formats.LlamaFactory;

    public bool CanRead(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        var name = Path.GetFileName(path);
        return name == FileName
            || (name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) && FilePeek.FirstLine(path).Contains("\"current_steps\"", StringComparison.Ordinal));
    }

    public IReadOnlyList<RunLog> Read(string path, ReaderOptions options) => RunStreams.Materialize(sink => Stream(path, options, sink));

    public void Stream(string path, ReaderOptions options, IRunSink sink)
    {
        var run = sink.Begin(Format, path, TrainerStateReader.RunName(Path.GetDirectoryName(Path.GetFullPath(path))!), options);
        var seen = new HashSet<long>();
        var variant = "v0";
        JsonLines.Read(path, run, (obj, line) =>
        {
            var location = RunBuilder.AtLine(path, line.Number);
            var hasStep = obj.TryGetProperty("current_steps", out var stepToken);
            if (!hasStep && obj.TryGetProperty("step", out stepToken))
            {
                hasStep = true;
                variant = "v1";
            }

            if (!hasStep || !PythonJsonReader.TryNumber(stepToken, out var stepValue) || !Numbers.TryStep(stepValue, out var step))
            {
                run.Fault("line without an integral current_steps", location,
                    () => IngestException.Malformed(path, line.Number, "no integral \"current_steps\" (or \"step\")"));
                return;
            }

            JsonLines.CountRepeatedStep(run, seen, step, location);
            double? wall = ElapsedTime.TryParseSeconds(obj.TryGetProperty("elapsed_time", out var elapsed) ? PythonJsonReader.String(elapsed) : null, out var seconds) ? seconds : null;
            foreach (var property in obj.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "current_steps" or "step":
                        break;
                    case "total_steps":
                        run.Metadata["total_steps"] = PythonJsonReader.Text(property.Value);
                        break;
                    case "elapsed_time":
                        if (wall is null)
                        {
                            run.Skip("elapsed_time that is not H:MM:SS", location);
                        }

                        break;
                    case "remaining_time":
                        run.Skip("remaining_time (an estimate, not read)", location);
                        break;
                    default:
                        JsonLines.AddField(run, property.Name, property.Value, step, wall, location, nullIsNaN: false);
                        break;
                }
            }
        });
        run.Metadata["variant"] = variant;
        run.Metadata["wall_time_origin"] = "run_start";
        run.Metadata["lines_with_steps"] = seen.Count.ToString(CultureInfo.InvariantCulture);
        sink.End(run);
    }
}
