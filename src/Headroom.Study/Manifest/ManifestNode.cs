using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Headroom.Study;

/// <summary>
/// A YAML mapping of the manifest with its position: typed reads of its fields whose errors name the manifest,
/// the line and the dotted field path (<c>rl[2].compute.tokens</c>); unknown fields are refused so a typo is
/// never ignored.
/// </summary>
internal sealed class ManifestNode
{
    private readonly YamlMappingNode _node;

    public ManifestNode(string manifest, string field, YamlMappingNode node)
    {
        Manifest = manifest;
        Field = field;
        _node = node;
    }

    public string Manifest { get; }

    public string Field { get; }

    public long Line => _node.Start.Line;

    public static ManifestNode Of(string manifest, string field, YamlNode node)
        => node is YamlMappingNode mapping
            ? new ManifestNode(manifest, field, mapping)
            : throw StudyException.Field(manifest, node.Start.Line, field, "expected a mapping of 'name: value' fields");

    /// <summary>Refuses any field not in <paramref name="known"/>.</summary>
    public ManifestNode Allow(params string[] known)
    {
        foreach (var (key, _) in _node.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? string.Empty;
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                throw StudyException.UnknownField(Manifest, key.Start.Line, Path(name), known);
            }
        }

        return this;
    }

    public bool Has(string name) => Find(name) is not null;

    public string Path(string name) => Field.Length == 0 ? name : $"{Field}.{name}";

    public long LineOf(string name) => Find(name)?.Start.Line ?? Line;

    public string? String(string name)
    {
        var node = Find(name);
        if (node is null || IsNull(node))
        {
            return null;
        }

        var text = node is YamlScalarNode scalar ? scalar.Value ?? string.Empty : throw Error(name, node, "expected a single value");
        return string.Equals(text.Trim(), "TODO", StringComparison.OrdinalIgnoreCase)
            ? throw StudyException.Todo(Manifest, node.Start.Line, $"{Path(name)}: TODO")
            : text;
    }

    public string RequiredString(string name, string hint)
        => String(name) is { Length: > 0 } text ? text : throw StudyException.Missing(Manifest, Line, Path(name), hint);

    public double? Number(string name)
    {
        var text = String(name);
        if (text is null)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw Error(name, Find(name)!, $"'{text}' is not a finite number");
    }

    public double? Positive(string name)
    {
        var value = Number(name);
        return value is { } v && !(v > 0) ? throw Error(name, Find(name)!, $"{StudyException.Number(v)} must be positive") : value;
    }

    public int? Integer(string name, int minimum)
    {
        var text = String(name);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= minimum
            ? value
            : throw Error(name, Find(name)!, $"'{text}' must be a whole number of at least {minimum}");
    }

    public bool? Boolean(string name)
    {
        var text = String(name);
        return text switch
        {
            null => null,
            "true" or "True" or "yes" => true,
            "false" or "False" or "no" => false,
            _ => throw Error(name, Find(name)!, $"'{text}' must be true or false"),
        };
    }

    /// <summary>One value or a list of values (e.g. `logs: a` or `logs: [a, b]`); empty when absent.</summary>
    public IReadOnlyList<(string Value, long Line)> Strings(string name)
    {
        var node = Find(name);
        switch (node)
        {
            case null:
                return [];
            case YamlSequenceNode sequence:
                return sequence.Children.Select((child, i) => child is YamlScalarNode { Value: { } value }
                    ? (value, child.Start.Line)
                    : throw Error($"{name}[{i}]", child, "expected a single value")).ToList();
            default:
                return String(name) is { } one ? [(one, node.Start.Line)] : [];
        }
    }

    public ManifestNode? Mapping(string name)
        => Find(name) is { } node && !IsNull(node) ? Of(Manifest, Path(name), node) : null;

    /// <summary>The entries of a list of mappings (e.g. `rl:`); empty when absent.</summary>
    public IReadOnlyList<ManifestNode> List(string name)
    {
        var node = Find(name);
        if (node is null || IsNull(node))
        {
            return [];
        }

        return node is YamlSequenceNode sequence
            ? sequence.Children.Select((child, i) => Of(Manifest, $"{Path(name)}[{i}]", child)).ToList()
            : throw Error(name, node, "expected a list of entries, each starting with '- '");
    }

    /// <summary>The fields of a mapping of name to value or name to mapping (e.g. `benchmarks:`).</summary>
    public IReadOnlyList<(string Name, YamlNode Value, long Line)> Entries()
        => _node.Children.Select(kv => ((kv.Key as YamlScalarNode)?.Value ?? string.Empty, kv.Value, kv.Key.Start.Line)).ToList();

    public StudyException Error(string name, string detail) => StudyException.Field(Manifest, LineOf(name), Path(name), detail);

    private StudyException Error(string name, YamlNode node, string detail) => StudyException.Field(Manifest, node.Start.Line, Path(name), detail);

    private YamlNode? Find(string name)
        => _node.Children.TryGetValue(new YamlScalarNode(name), out var value) ? value : null;

    private static bool IsNull(YamlNode node)
        => node is YamlScalarNode { Value: null or "" or "~" or "null", Style: not (YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted) };
}
