using System.Text.Json;
using System.Text.Json.Nodes;

namespace Headroom.Lab;

/// <summary>
/// Reads the lab's own files (configs, states, world data, weights) so that a missing, truncated or
/// corrupted file is one <see cref="LabException"/> naming the file, the position and the way out,
/// never a stack trace.
/// </summary>
internal static class LabFiles
{
    /// <summary>What to do about a damaged file of a run: the advice ending every such message.</summary>
    public const string RestoreOrRemove = "restore it, or remove the folder that holds it and run again";

    /// <summary>A JSON object file.</summary>
    public static JsonObject ReadJsonObject(string path, string what)
    {
        var text = ReadText(path, what);
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw LabException.CorruptFile(path, what, "not a JSON object", RestoreOrRemove);
        }
        catch (JsonException e)
        {
            throw LabException.CorruptFile(path, what, Position(e), RestoreOrRemove);
        }
    }

    /// <summary>A record serialized as JSON; a malformed file or a value of the wrong type is a <see cref="LabException"/>.</summary>
    public static T ReadJson<T>(string path, string what, JsonSerializerOptions options)
        where T : class
    {
        var text = ReadText(path, what);
        try
        {
            return JsonSerializer.Deserialize<T>(text, options) ?? throw LabException.CorruptFile(path, what, "empty", RestoreOrRemove);
        }
        catch (JsonException e)
        {
            throw LabException.CorruptFile(path, what, Position(e), RestoreOrRemove);
        }
    }

    /// <summary>Runs <paramref name="read"/>, which takes fields out of a parsed file; a missing or mistyped field is a <see cref="LabException"/>.</summary>
    public static T Field<T>(string path, Func<T> read, string what)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException or KeyNotFoundException or ArgumentException or OverflowException)
        {
            throw LabException.CorruptFile(path, what, "a field is missing or has the wrong type", RestoreOrRemove);
        }
    }

    /// <summary>Loads weights or optimizer state with <paramref name="load"/>; a truncated or foreign file is a <see cref="LabException"/>.</summary>
    public static void LoadWeights(string path, string what, Action load)
    {
        if (!File.Exists(path))
        {
            throw LabException.CorruptFile(path, what, "missing", RestoreOrRemove);
        }

        try
        {
            load();
        }
        catch (Exception e) when (e is not OperationCanceledException and not LabException)
        {
            var detail = e is EndOfStreamException ? $"truncated at {new FileInfo(path).Length:N0} bytes" : "not the weights of this model";
            throw LabException.CorruptFile(path, what, detail, RestoreOrRemove);
        }
    }

    private static string ReadText(string path, string what)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw LabException.CorruptFile(path, what, e is FileNotFoundException or DirectoryNotFoundException ? "missing" : "unreadable", RestoreOrRemove);
        }
    }

    private static string Position(JsonException e)
        => e.LineNumber is { } line ? $"malformed JSON at line {line + 1}, byte {e.BytePositionInLine + 1}" : "malformed JSON";
}
