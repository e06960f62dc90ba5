using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace Headroom.Study;

/// <summary>
/// The settings a run left beside its logs, flattened to dotted keys: verl's resolved Hydra config
/// (`config.yaml`, `.hydra/config.yaml`), TRL and HF arguments (`training_args.json`, `args.json`, `*.yaml`), and
/// the W&amp;B config the log reader already turned into `config.*` metadata.
/// </summary>
internal static class RunConfig
{
    private static readonly string[] _files = ["config.yaml", ".hydra/config.yaml", "training_args.json", "training_args.yaml", "args.json", "run_config.yaml", "trl_config.yaml", "files/config.yaml"];

    public static Dictionary<string, string> Of(string runPath, IReadOnlyDictionary<string, string> metadata)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in metadata)
        {
            settings[key.StartsWith("config.", StringComparison.Ordinal) ? key["config.".Length..] : key] = value;
        }

        var folder = Directory.Exists(runPath) ? runPath : Path.GetDirectoryName(runPath)!;
        foreach (var name in _files)
        {
            var file = Path.Combine(folder, name);
            if (!File.Exists(file))
            {
                continue;
            }

            try
            {
                if (file.EndsWith(".json", StringComparison.Ordinal))
                {
                    using var json = JsonDocument.Parse(File.ReadAllText(file));
                    Flatten(string.Empty, json.RootElement, settings);
                }
                else
                {
                    var yaml = new YamlStream();
                    yaml.Load(new StringReader(File.ReadAllText(file)));
                    if (yaml.Documents.Count > 0)
                    {
                        Flatten(string.Empty, yaml.Documents[0].RootNode, settings);
                    }
                }
            }
            catch (Exception e) when (e is JsonException or YamlDotNet.Core.YamlException or InvalidOperationException)
            {
                // A config that does not parse only costs the links it would have given.
            }
        }

        return settings;
    }

    private static void Flatten(string prefix, JsonElement element, Dictionary<string, string> into)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                Flatten(prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}", property.Value, into);
            }
        }
        else if (element.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
        {
            into[prefix] = element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
        }
    }

    private static void Flatten(string prefix, YamlNode node, Dictionary<string, string> into)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    var name = (key as YamlScalarNode)?.Value ?? string.Empty;
                    Flatten(prefix.Length == 0 ? name : $"{prefix}.{name}", value, into);
                }

                break;
            case YamlScalarNode { Value: { } text }:
                into[prefix] = text;
                break;
        }
    }
}
