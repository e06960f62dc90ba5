using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Headroom.Lab.Rl;

/// <summary>
/// verl's file logger (`trainer.logger=['file']`, verl/utils/tracking.py): one line per step,
/// {"step": n, "data": {flat metrics}}, NaN written as null (orjson's convention). A resumed run first
/// cuts the file back to its checkpoint's step, so the file reads as if the run had never stopped.
/// </summary>
internal sealed class VerlFileLog(string path)
{
    public string Path { get; } = path;

    /// <summary>Appends one step's metrics.</summary>
    public void Append(int step, IReadOnlyDictionary<string, double> data)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("step", step);
            writer.WriteStartObject("data");
            foreach (var (key, value) in data)
            {
                if (double.IsFinite(value))
                {
                    writer.WriteNumber(key, value);
                }
                else
                {
                    writer.WriteNull(key);
                }
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        File.AppendAllText(Path, Encoding.UTF8.GetString(buffer.ToArray()) + "\n");
    }

    /// <summary>Keeps the lines up to <paramref name="step"/> (a resume); a line that is not a logged step is a <see cref="LabException"/> naming the file and line.</summary>
    public void TruncateAfter(int step)
    {
        if (!File.Exists(Path))
        {
            return;
        }

        var kept = Read().Where(e => e.Step <= step).Select(e => e.Line).ToList();
        File.WriteAllLines(Path, kept);
    }

    /// <summary>Every line as (step, metrics, text); a malformed line is a <see cref="LabException"/>.</summary>
    public List<(int Step, Dictionary<string, double> Data, string Line)> Read()
    {
        var entries = new List<(int, Dictionary<string, double>, string)>();
        var number = 0;
        foreach (var line in File.ReadLines(Path))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                var node = JsonNode.Parse(line)!.AsObject();
                var data = node["data"]!.AsObject().ToDictionary(p => p.Key, p => p.Value is null ? double.NaN : (double)p.Value);
                entries.Add(((int)node["step"]!, data, line));
            }
            catch (Exception e) when (e is JsonException or NullReferenceException or InvalidOperationException or FormatException)
            {
                throw LabException.CorruptFile(Path, "verl metrics log", string.Create(CultureInfo.InvariantCulture, $"line {number} is not {{\"step\": n, \"data\": {{...}}}}"), LabFiles.RestoreOrRemove);
            }
        }

        return entries;
    }
}
