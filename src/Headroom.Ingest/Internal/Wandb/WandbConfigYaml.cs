using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Headroom.Ingest;

/// <summary>
/// Reads `files/config.yaml`: every key maps to <c>{desc: ..., value: ...}</c> (older SDKs) or
/// <c>{value: ...}</c>; the value becomes <c>config.&lt;key&gt;</c> metadata, nested mappings
/// flattened with dots, lists as <c>[a, b]</c>. The <c>_wandb</c> block is W&amp;B's own: only its
/// <c>cli_version</c> is kept.
/// </summary>
internal static class WandbConfigYaml
{
    public static void Read(string path, ReaderOptions options, WandbRunBuilder builder)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            if (options.BadRecords == BadRecordPolicy.Strict)
            {
                throw IngestException.Malformed(path, e.Start.Line, $"config.yaml does not parse as YAML ({e.Message.TrimEnd('.')})");
            }

            builder.Skipped.Add("config.yaml that does not parse as YAML", $"{path}: line {e.Start.Line}");
            return;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return;
        }

        foreach (var (keyNode, valueNode) in root.Children)
        {
            var key = ((keyNode as YamlScalarNode)?.Value) ?? keyNode.ToString();
            var value = Unwrap(valueNode);
            if (key == "wandb_version")
            {
                builder.Metadata["wandb.config_version"] = Text(value);
                continue;
            }

            if (key == "_wandb")
            {
                if (value is YamlMappingNode wandb && wandb.Children.TryGetValue(new YamlScalarNode("cli_version"), out var version))
                {
                    builder.Metadata["wandb.cli_version"] = Text(version);
                }

                continue;
            }

            Flatten($"config.{key}", value, builder.Metadata);
        }
    }

    private static YamlNode Unwrap(YamlNode node)
        => node is YamlMappingNode mapping
            && mapping.Children.TryGetValue(new YamlScalarNode("value"), out var value)
            && mapping.Children.Keys.All(k => k is YamlScalarNode { Value: "value" or "desc" })
            ? value
            : node;

    private static void Flatten(string prefix, YamlNode node, Dictionary<string, string> metadata)
    {
        if (node is YamlMappingNode mapping)
        {
            foreach (var (key, value) in mapping.Children)
            {
                Flatten($"{prefix}.{Text(key)}", value, metadata);
            }

            return;
        }

        metadata[prefix] = Text(node);
    }

    private static string Text(YamlNode node) => node switch
    {
        YamlScalarNode scalar => scalar.Value ?? "null",
        YamlSequenceNode sequence => $"[{string.Join(", ", sequence.Children.Select(Text))}]",
        YamlMappingNode mapping => $"{{{string.Join(", ", mapping.Children.Select(p => string.Create(CultureInfo.InvariantCulture, $"{Text(p.Key)}: {Text(p.Value)}")))}}}",
        _ => node.ToString(),
    };
}
