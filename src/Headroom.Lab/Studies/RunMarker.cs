using System.Text.Json;
using Headroom.Lab.Training;

namespace Headroom.Lab.Studies;

/// <summary>
/// `study-run.json` in a run's folder, written when its command exited successfully: the arguments it ran
/// with and how long it took. A study skips a run whose marker holds the same arguments; the seconds
/// feed the ETA of a resumed study.
/// </summary>
internal sealed record RunMarker(IReadOnlyList<string> Arguments, double Seconds)
{
    public const string FileName = "study-run.json";

    /// <summary>The marker of <paramref name="folder"/>, or null when there is none or it cannot be read (the run is then run again, which resumes it).</summary>
    public static RunMarker? Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<RunMarker>(File.ReadAllText(path), ConfigOverrides.Json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Write(string folder)
    {
        var path = Path.Combine(folder, FileName);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(this, ConfigOverrides.Json) + "\n");
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
