using Newtonsoft.Json.Linq;

namespace Headroom.Ingest;

/// <summary>A generic JSONL table (one flat object per line; nested objects flattened with '/') read with the user's column mapping.</summary>
internal sealed class GenericJsonlReader : ILogReader
{
    public string Format => Formats.GenericJsonl;

    public bool CanRead(string path)
        => File.Exists(path) && Path.GetExtension(path).ToLowerInvariant() is ".jsonl" or ".ndjson";

    public IReadOnlyList<RunLog> Read(string path, ReaderOptions options)
    {
        var table = new GenericTable(Format, path, options);
        var faults = RunBuilder.Kept(Format, path, Path.GetFileNameWithoutExtension(path), options);
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

            table.AddRow(cells.Keys, column => cells.GetValueOrDefault(column), RunBuilder.AtLine(path, line.Number), line.Number);
        });

        var runs = table.Build("JSONL");
        var lineFaults = faults.Build().Skipped;
        return lineFaults.Count == 0 ? runs : [.. runs.Select(run => run with { Skipped = [.. lineFaults, .. run.Skipped] })];
    }

    private static void Flatten(string prefix, JObject obj, Dictionary<string, object?> cells)
    {
        foreach (var property in obj.Properties())
        {
            var name = prefix.Length == 0 ? property.Name : $"{prefix}/{property.Name}";
            switch (property.Value)
            {
                case JObject nested:
                    Flatten(name, nested, cells);
                    break;
                case JValue value:
                    cells[name] = value.Type == JTokenType.Null ? null : value.Value;
                    break;
                default:
                    cells[name] = property.Value.ToString(Newtonsoft.Json.Formatting.None);
                    break;
            }
        }
    }
}
