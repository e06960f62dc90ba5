using System.Text.Json;
using System.Text.Json.Nodes;

namespace Headroom.Lab.Training;

/// <summary>
/// `--set key=value` for <see cref="TrainConfig"/>, like nanoGPT's configurator: keys are the
/// snake_case setting names, values must parse as the setting's type; anything else is rejected.
/// </summary>
internal static class ConfigOverrides
{
    /// <summary>The JSON form of configs: snake_case names, indented.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static TrainConfig Apply(TrainConfig config, IEnumerable<string> settings)
    {
        var node = JsonSerializer.SerializeToNode(config, Json)!.AsObject();
        foreach (var setting in settings)
        {
            var split = setting.IndexOf('=', StringComparison.Ordinal);
            if (split <= 0)
            {
                throw LabException.MalformedSetting(setting);
            }

            var (key, value) = (setting[..split].Trim(), setting[(split + 1)..].Trim());
            if (!node.ContainsKey(key))
            {
                throw LabException.UnknownSetting(key, node.Select(p => p.Key));
            }

            var type = typeof(TrainConfig).GetProperties().Single(p => Json.PropertyNamingPolicy!.ConvertName(p.Name) == key).PropertyType;
            node[key] = Parse(key, value, type);
        }

        return node.Deserialize<TrainConfig>(Json)!;
    }

    private static JsonNode Parse(string key, string value, Type type)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        if (type == typeof(bool))
        {
            return bool.TryParse(value, out var flag) ? JsonValue.Create(flag) : throw LabException.BadSetting(key, value, "true or false");
        }

        if (type == typeof(int))
        {
            return int.TryParse(value, invariant, out var whole) ? JsonValue.Create(whole) : throw LabException.BadSetting(key, value, "a whole number");
        }

        return double.TryParse(value, invariant, out var number) && double.IsFinite(number) ? JsonValue.Create(number) : throw LabException.BadSetting(key, value, "a number");
    }
}
