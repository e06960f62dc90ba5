using System.Globalization;
using System.Text;
using System.Text.Json;
using Parquet.Serialization;

namespace Headroom.Ingest;

/// <summary>
/// Writes runs as one tidy long table, one row per (run, key, step), with the columns `run`, `format`, `path`,
/// `key`, `canonical`, `benchmark`, `step`, `value` (in the canonical unit, see <see cref="MetricSeries.Scale"/>)
/// and `wall_time`. The format follows the extension: `.csv` (NaN and infinities written as `NaN`, `inf`,
/// `-inf`, empty for null), `.jsonl` (NaN and infinities as null), `.parquet`.
/// </summary>
public static class TidyTable
{
    /// <summary>The column names, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["run", "format", "path", "key", "canonical", "benchmark", "step", "value", "wall_time"];

    /// <summary>
    /// Writes every point of every run to <paramref name="path"/> and returns the number of rows. Run names are
    /// made unique by appending `#2`, `#3`... Throws <see cref="IngestException"/> for an unknown extension.
    /// </summary>
    public static long Write(IReadOnlyList<RunLog> runs, string path)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(path);
        var rows = Rows(runs);
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".csv":
                WriteCsv(rows, path);
                break;
            case ".jsonl":
                WriteJsonl(rows, path);
                break;
            case ".parquet":
                ParquetSerializer.SerializeAsync(rows.Select(ParquetRow.From), path).GetAwaiter().GetResult();
                break;
            default:
                throw IngestException.UnsupportedOutput(path);
        }

        return rows.Count;
    }

    /// <summary>The run labels used in the `run` column: each run's name, made unique in order.</summary>
    public static IReadOnlyList<string> RunLabels(IReadOnlyList<RunLog> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        return [.. runs.Select(run =>
        {
            var count = seen[run.Name] = seen.GetValueOrDefault(run.Name) + 1;
            return count == 1 ? run.Name : $"{run.Name}#{count}";
        })];
    }

    private static List<Row> Rows(IReadOnlyList<RunLog> runs)
    {
        var labels = RunLabels(runs);
        var rows = new List<Row>();
        for (var i = 0; i < runs.Count; i++)
        {
            foreach (var series in runs[i].Series)
            {
                foreach (var point in series.Points)
                {
                    rows.Add(new Row(labels[i], runs[i].Format, runs[i].Path, series.Key, series.Canonical, series.Benchmark, point.Step, point.Value, point.WallTime));
                }
            }
        }

        return rows;
    }

    private static void WriteCsv(List<Row> rows, string path)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.Write(string.Join(',', Columns));
        writer.Write('\n');
        foreach (var row in rows)
        {
            writer.Write(string.Join(',', Quote(row.Run), Quote(row.Format), Quote(row.Path), Quote(row.Key), Quote(row.Canonical), Quote(row.Benchmark),
                row.Step.ToString(CultureInfo.InvariantCulture), Number(row.Value), row.WallTime is { } w ? Number(w) : string.Empty));
            writer.Write('\n');
        }
    }

    private static void WriteJsonl(List<Row> rows, string path)
    {
        using var stream = File.Create(path);
        foreach (var row in rows)
        {
            using (var json = new Utf8JsonWriter(stream))
            {
                json.WriteStartObject();
                json.WriteString("run", row.Run);
                json.WriteString("format", row.Format);
                json.WriteString("path", row.Path);
                json.WriteString("key", row.Key);
                WriteStringOrNull(json, "canonical", row.Canonical);
                WriteStringOrNull(json, "benchmark", row.Benchmark);
                json.WriteNumber("step", row.Step);
                WriteNumberOrNull(json, "value", row.Value);
                WriteNumberOrNull(json, "wall_time", row.WallTime);
                json.WriteEndObject();
            }

            stream.WriteByte((byte)'\n');
        }
    }

    private static void WriteStringOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string Number(double value) => value switch
    {
        double.NaN => "NaN",
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string Quote(string? text)
    {
        if (text is null)
        {
            return string.Empty;
        }

        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 || text.StartsWith(' ') || text.EndsWith(' ')
            ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : text;
    }

    private sealed record Row(string Run, string Format, string Path, string Key, string? Canonical, string? Benchmark, long Step, double Value, double? WallTime);

    private sealed class ParquetRow
    {
        [System.Text.Json.Serialization.JsonPropertyName("run")]
        public string Run { get; set; } = string.Empty;

        [System.Text.Json.Serialization.JsonPropertyName("format")]
        public string Format { get; set; } = string.Empty;

        [System.Text.Json.Serialization.JsonPropertyName("path")]
        public string Path { get; set; } = string.Empty;

        [System.Text.Json.Serialization.JsonPropertyName("key")]
        public string Key { get; set; } = string.Empty;

        [System.Text.Json.Serialization.JsonPropertyName("canonical")]
        public string? Canonical { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("benchmark")]
        public string? Benchmark { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("step")]
        public long Step { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("value")]
        public double Value { get; set; }

        [System.Text.Json.Serialization.JsonPropertyName("wall_time")]
        public double? WallTime { get; set; }

        public static ParquetRow From(Row row) => new()
        {
            Run = row.Run,
            Format = row.Format,
            Path = row.Path,
            Key = row.Key,
            Canonical = row.Canonical,
            Benchmark = row.Benchmark,
            Step = row.Step,
            Value = row.Value,
            WallTime = row.WallTime,
        };
    }
}
