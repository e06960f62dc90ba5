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

/// <summary>Reads and writes the world's JSON Lines files (data/sft/*.jsonl, data/benchmarks/*.jsonl, data/validation.jsonl).</summary>
internal static class WorldFiles
{
    public static void Write(string path, IEnumerable<WorldRecord> records)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, records.Select(r => JsonSerializer.Serialize(r)));
    }

    public static List<WorldRecord> Read(string path)
        => [.. File.ReadLines(path).Where(line => line.Length > 0).Select(line => JsonSerializer.Deserialize<WorldRecord>(line)!)];

    /// <summary>The problem of a record; a record whose prompt does not parse is a corrupted file.</summary>
    public static Problem ToProblem(WorldRecord record, string path)
        => Problem.Parse(record.Prompt) ?? throw new InvalidDataException($"{path}: '{record.Prompt}' is not a lab problem.");
}
