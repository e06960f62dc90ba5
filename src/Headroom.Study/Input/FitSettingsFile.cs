using System.Globalization;
using System.Text.Json;
using Headroom.Core.Fitting;

namespace Headroom.Study;

/// <summary>
/// Per-branch fit settings in the layout of the paper kit's release (`sft889k_fit_settings.json`): an array of
/// objects with the branch key (`sft_step`, or `group`), `fit_points_num` (N_fit), `train_split`
/// ([start, end) or null for [0, N_fit)), `lts_alpha` (null = no LTS), `outlier_threshold` (tau, null = off)
/// and `free_c0` (free offset).
/// </summary>
public static class FitSettingsFile
{
    /// <summary>Reads the settings by branch label; a missing, malformed or invalid file fails with its entry named.</summary>
    public static IReadOnlyDictionary<string, FitSettings> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw InputException.NotFound(path);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException exception)
        {
            throw InputException.Malformed(path, (exception.LineNumber ?? 0) + 1, $"the JSON does not parse ({FirstSentence(exception.Message)})", exception);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw SettingsError(path, 0, "the file must hold a JSON array of per-branch settings");
            }

            var settings = new Dictionary<string, FitSettings>(StringComparer.Ordinal);
            var index = 0;
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                var (group, value) = ReadEntry(path, index++, entry);
                if (!settings.TryAdd(group, value))
                {
                    throw SettingsError(path, index - 1, $"branch '{group}' appears twice");
                }
            }

            return settings;
        }
    }

    private static (string Group, FitSettings Settings) ReadEntry(string path, int index, JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw SettingsError(path, index, "each entry must be an object");
        }

        var group = entry.TryGetProperty("sft_step", out var step) || entry.TryGetProperty("group", out step)
            ? step.ValueKind == JsonValueKind.String ? step.GetString()! : step.GetRawText()
            : throw SettingsError(path, index, "the entry has no 'sft_step' or 'group' key naming its branch");
        var fitPoints = OptionalInt(path, index, entry, "fit_points_num");
        int start = 0;
        int? end = fitPoints;
        if (entry.TryGetProperty("train_split", out var split) && split.ValueKind != JsonValueKind.Null)
        {
            if (split.ValueKind != JsonValueKind.Array || split.GetArrayLength() != 2
                || !split[0].TryGetInt32(out start) || !split[1].TryGetInt32(out var splitEnd) || start < 0 || splitEnd <= start)
            {
                throw SettingsError(path, index, $"'train_split' must be null or [start, end) with 0 <= start < end, not {split.GetRawText()}");
            }

            end = splitEnd;
        }

        var alpha = OptionalDouble(path, index, entry, "lts_alpha");
        if (alpha is { } a && !(a > 0 && a <= 1))
        {
            throw SettingsError(path, index, $"'lts_alpha' must lie in (0, 1], not {a.ToString(CultureInfo.InvariantCulture)}");
        }

        var tau = OptionalDouble(path, index, entry, "outlier_threshold");
        if (tau is { } t && !(t > 0))
        {
            throw SettingsError(path, index, $"'outlier_threshold' must be positive, not {t.ToString(CultureInfo.InvariantCulture)}");
        }

        var free = entry.TryGetProperty("free_c0", out var freeElement) && freeElement.ValueKind == JsonValueKind.True;
        return (group, new FitSettings
        {
            TrainStart = start,
            TrainEnd = end,
            LtsAlpha = alpha,
            OutlierThreshold = tau,
            FreeOffset = free,
            LtsSearch = LtsSearch.Kit,
        });
    }

    private static int? OptionalInt(string path, int index, JsonElement entry, string name)
    {
        if (!entry.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.TryGetInt32(out var number) && number > 0
            ? number
            : throw SettingsError(path, index, $"'{name}' must be a positive integer, not {value.GetRawText()}");
    }

    private static double? OptionalDouble(string path, int index, JsonElement entry, string name)
    {
        if (!entry.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : throw SettingsError(path, index, $"'{name}' must be a number or null, not {value.GetRawText()}");
    }

    private static InputException SettingsError(string path, int index, string detail)
        => InputException.InvalidSetting(path, index, detail);

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message).TrimEnd('.');
    }
}
