using System.Text.Json;
using System.Text.Json.Nodes;
using Headroom.Lab.Model;

namespace Headroom.Lab.Training;

/// <summary>
/// `--set key=value` for <see cref="TrainConfig"/> and, under `model.`, for <see cref="LlamaConfig"/>, like
/// nanoGPT's configurator: keys are the snake_case setting names, values must parse as the setting's
/// type; anything else is rejected.
/// </summary>
internal static class ConfigOverrides
{
    /// <summary>The prefix of model settings (`--set model.layers=6`).</summary>
    public const string ModelPrefix = "model.";

    /// <summary>The model settings, in order, with how each reads and changes a config (the vocabulary is the tokenizer's).</summary>
    private static readonly (string Key, Func<LlamaConfig, int> Get, Func<LlamaConfig, int, LlamaConfig> Set)[] _modelSettings =
    [
        (ModelPrefix + "layers", m => m.Layers, (m, value) => m with { Layers = value }),
        (ModelPrefix + "hidden", m => m.Hidden, (m, value) => m with { Hidden = value }),
        (ModelPrefix + "heads", m => m.Heads, (m, value) => m with { Heads = value }),
        (ModelPrefix + "feed_forward", m => m.FeedForward, (m, value) => m with { FeedForward = value }),
        (ModelPrefix + "block_size", m => m.BlockSize, (m, value) => m with { BlockSize = value }),
    ];

    /// <summary>The seed settings (<see cref="LabSeeds"/>).</summary>
    private static readonly string[] _seedKeys = [LabSeeds.Prefix + "world", LabSeeds.Prefix + "pretrain", LabSeeds.Prefix + "sft", LabSeeds.Prefix + "rl"];

    /// <summary>The JSON form of configs: snake_case names, indented.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The settings (<see cref="TrainConfig"/> or <see cref="Rl.RlConfig"/>) with every override that is not a model or seed setting applied.</summary>
    public static T Apply<T>(T config, IEnumerable<string> settings)
        where T : class
    {
        var node = JsonSerializer.SerializeToNode(config, Json)!.AsObject();
        foreach (var (key, value) in settings.Select(Split).Where(s => !s.Key.StartsWith(ModelPrefix, StringComparison.Ordinal) && !s.Key.StartsWith(LabSeeds.Prefix, StringComparison.Ordinal)))
        {
            if (!node.ContainsKey(key))
            {
                throw LabException.UnknownSetting(key, node.Select(p => p.Key).Concat(_modelSettings.Select(m => m.Key)).Concat(_seedKeys));
            }

            var type = typeof(T).GetProperties().Single(p => Json.PropertyNamingPolicy!.ConvertName(p.Name) == key).PropertyType;
            node[key] = Parse(key, value, type);
        }

        return node.Deserialize<T>(Json)!;
    }

    /// <summary>The model with every `model.KEY=N` override applied; refuses unknown keys, non-positive sizes and heads that do not divide the width.</summary>
    public static LlamaConfig ApplyModel(LlamaConfig model, IEnumerable<string> settings)
    {
        foreach (var (key, value) in settings.Select(Split).Where(s => s.Key.StartsWith(ModelPrefix, StringComparison.Ordinal)))
        {
            var setting = _modelSettings.FirstOrDefault(m => m.Key == key);
            if (setting.Key is null)
            {
                throw LabException.UnknownSetting(key, _modelSettings.Select(m => m.Key));
            }

            var size = (int)Parse(key, value, typeof(int));
            model = size >= 1 ? setting.Set(model, size) : throw LabException.BadSetting(key, value, "a positive whole number");
        }

        return model.Hidden % model.Heads == 0 ? model : throw LabException.HeadsDoNotDivideWidth(model.Hidden, model.Heads);
    }

    /// <summary>The settings that give <paramref name="model"/>: "--set model.layers=3 --set model.hidden=96 ...".</summary>
    public static string ModelFlags(LlamaConfig model)
        => string.Join(" ", _modelSettings.Select(m => $"--set {m.Key}={m.Get(model)}"));

    private static (string Key, string Value) Split(string setting)
    {
        var split = setting.IndexOf('=', StringComparison.Ordinal);
        return split > 0 ? (setting[..split].Trim(), setting[(split + 1)..].Trim()) : throw LabException.MalformedSetting(setting);
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
