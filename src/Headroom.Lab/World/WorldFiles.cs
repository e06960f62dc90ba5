using System.Text.Json;
using System.Text.Json.Serialization;

namespace Headroom.Lab.World;

/// <summary>One line of a world data file (JSON Lines): the problem, its expert response and, for labelled sets, the win rate.</summary>
internal sealed record WorldRecord(
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("response")] string Response,
    [property: JsonPropertyName("answer")] int Answer,
    [property: JsonPropertyName("steps")] int Steps,
    [property: JsonPropertyName("win_rate")] double? WinRate = null)
{
    public static WorldRecord Expert(Problem problem, double? winRate = null)
        => new(problem.Prompt, Trajectories.Expert(problem), problem.Answer, problem.Steps, winRate);
}

/// <summary>
/// Reads and writes the world's JSON Lines files (data/sft/*.jsonl, data/benchmarks/*.jsonl,
/// data/validation.jsonl, data/rl/prompts.jsonl). A line that is not a record of a lab problem whose
/// response is that problem's expert trajectory is a <see cref="LabException"/> naming the file and line.
/// </summary>
internal static class WorldFiles
{
    public static void Write(string path, IEnumerable<WorldRecord> records)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, records.Select(r => JsonSerializer.Serialize(r)));
    }

    /// <summary>Every record of <paramref name="path"/>, checked line by line.</summary>
    public static List<WorldRecord> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw LabException.CorruptFile(path, "world data file", "missing", LabException.RebuildWorld);
        }

        var records = new List<WorldRecord>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            WorldRecord? record;
            try
            {
                record = JsonSerializer.Deserialize<WorldRecord>(line);
            }
            catch (JsonException)
            {
                record = null;
            }

            if (record?.Prompt is null || record.Response is null || Problem.Parse(record.Prompt) is not { } problem
                || record.Response != Trajectories.Expert(problem) || record.Answer != problem.Answer)
            {
                throw LabException.CorruptFile(path, "world data file", $"line {number} is not a lab problem with its expert trajectory", LabException.RebuildWorld);
            }

            records.Add(record);
        }

        return records;
    }

    /// <summary>The problem of a record <see cref="Read"/> returned.</summary>
    public static Problem ToProblem(WorldRecord record) => Problem.Parse(record.Prompt)!;
}
