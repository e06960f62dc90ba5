using System.Text;

namespace Headroom.Ingest.Tests.Data;

/// <summary>
/// Reproductions of verl's loggers (`verl/utils/tracking.py`, `verl/utils/logger/aggregate_logger.py`):
/// FileLogger appends `orjson.dumps({"step": step, "data": data})` + "\n" (compact, NaN and infinities as null);
/// LocalLogger prints `concat_dict_to_str(data, step)`: `"step:{step}"` then `f"{k}:{pprint.pformat(v)}"` for
/// every numbers.Number, joined with " - " (older versions: `f"{k}:{v:.3f}"`). Numpy scalars print as
/// `np.float64(x)` under numpy 2.
/// </summary>
internal static class VerlWriters
{
    public static string FileLoggerLine(long step, IReadOnlyDictionary<string, object?> data)
    {
        var safe = data.ToDictionary(p => p.Key, p => p.Value is double d && !double.IsFinite(d) ? null : p.Value);
        return PythonJson.Dumps(new Dictionary<string, object?> { ["step"] = step, ["data"] = safe }, itemSeparator: ",", keySeparator: ":") + "\n";
    }

    /// <summary>A value as the console prints it: a double is a Python float, a <see cref="NumpyFloat"/> is np.float64(...).</summary>
    public static string ConcatDictToStr(long step, IReadOnlyDictionary<string, object?> data, bool oldFormat = false)
    {
        var output = new List<string> { $"step:{step}" };
        foreach (var (key, value) in data)
        {
            var number = value switch
            {
                double d => (double?)d,
                long l => l,
                NumpyFloat n => n.Value,
                _ => null,
            };
            if (number is null)
            {
                continue;
            }

            output.Add(oldFormat
                ? $"{key}:{number.Value.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)}"
                : $"{key}:{value switch { long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture), NumpyFloat n => $"np.float64({PythonRepr(n.Value)})", _ => PythonRepr((double)value!) }}");
        }

        return string.Join(" - ", output);
    }

    /// <summary>A line as Ray prints a worker's stdout: a cyan `(TaskRunner pid=N)` prefix.</summary>
    public static string RayLine(string text, int pid = 14640) => $"\u001b[36m(TaskRunner pid={pid})\u001b[0m {text}";

    /// <summary>tqdm redrawing a bar three times with bare carriage returns, then a newline.</summary>
    public static string TqdmBar(int done, int total)
    {
        var builder = new StringBuilder();
        for (var i = done - 2; i <= done; i++)
        {
            builder.Append($"\rTraining Progress:  {i * 100 / total}%|##   | {i}/{total} [00:1{i % 10}<01:00, 13.39s/it]");
        }

        return builder.Append('\n').ToString();
    }

    private static string PythonRepr(double value) => double.IsNaN(value) ? "nan" : double.IsInfinity(value) ? (value > 0 ? "inf" : "-inf") : PythonJson.FloatRepr(value);

    /// <summary>A numpy float64 scalar (printed as np.float64(x)).</summary>
    public sealed record NumpyFloat(double Value);
}
