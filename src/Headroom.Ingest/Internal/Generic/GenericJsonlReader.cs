using System.Text.Json;

namespace Headroom.Ingest;

/// <summary>A generic JSONL table (one flat object per line; nested objects flattened with '/') read with the user's column mapping.</summary>
internal sealed class GenericJsonlReader : ILogReader, IStreamingReader
{
    public string Format => Formats.GenericJsonl;

    public bool CanRead(string path)
        => File.Exists(path) && Path.GetExtension(path).ToLowerInvariant() is ".jsonl" or ".ndjson";

    public IReadOnlyList<RunLog> Read(string path, ReaderOptions options) => RunStreams.Materialize(sink => Stream(path, options, sink));

    public void Stream(string path, ReaderOptions options, IRunSink sink)
    {
        var table = new GenericTable(Format, path, options, sink);
        var faults = new RunBuilder(Format, path, Path.GetFileNameWithoutExtension(path), options, _ => new RunningSummaries()); // only its skips are used
        var checkedHeader = false;
        JsonLines.Read(path, faults, (obj, line) =>
        {
            var cells = new Dictionary<string, object?>(StringComparer.Ordinal);
            Flatten(string.Empty, obj, cells);
            if (!checkedHeader)
            {
                table.CheckHeader(cells.Keys);
                checkedHeader = true;
            }

            var values = cells.Values.ToArray();
            table.AddRow([.. cells.Keys], i => values[i], line.Number);
        });

        table.End("JSONL", before: faults.Skipped);
    }

    private static void Flatten(string prefix, JsonElement obj, Dictionary<string, object?> cells)
    {
        foreach (var property in obj.EnumerateObject())
        {
            var name = prefix.Length == 0 ? property.Name : $"{prefix}/{property.Name}";
            var value = property.Value;
            switch (value.ValueKind)
            {
                case JsonValueKind.Object:
                    Flatten(name, value, cells);
                    break;
                case JsonValueKind.Null:
                    cells[name] = null;
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    cells[name] = value.ValueKind == JsonValueKind.True;
                    break;
                case JsonValueKind.Number:
                    cells[name] = value.TryGetInt64(out var integer) ? integer : PythonJsonReader.Number(value);
                    break;
                default:
                    cells[name] = PythonJsonReader.Text(value);
                    break;
            }
        }
    }
}
