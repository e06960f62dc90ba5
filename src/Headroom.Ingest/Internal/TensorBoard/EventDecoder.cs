using System.Text;

namespace Headroom.Ingest;

/// <summary>
/// Decodes TensorBoard <c>Event</c> records (tensorboard/compat/proto/event.proto, summary.proto):
/// wall time, step, which kind of event, and for summaries every <c>Value</c> as a scalar or the
/// reason it is skipped. Scalars come from <c>simple_value</c> (PyTorch/tensorboardX
/// <c>add_scalar</c>) and from one-element tensors (TF2 <c>tf.summary.scalar</c>, PyTorch
/// <c>new_style=True</c>). One decoder serves one run: it keeps the tag table and each tag's plugin.
/// </summary>
internal sealed class EventDecoder
{
    private const string WithoutData = "summary value without data";
    private readonly Dictionary<string, string> _pluginReasons = new(StringComparer.Ordinal);

    public EventDecoder() => FastPath = new AddScalarFastPath(Tags);

    /// <summary>The run's tags.</summary>
    public TagTable Tags { get; } = new();

    /// <summary>The fast path for add_scalar records, interning in <see cref="Tags"/>.</summary>
    public AddScalarFastPath FastPath { get; }

    /// <summary>
    /// Run facts from HF's TensorBoardCallback text summaries: <c>args/text_summary</c> (the
    /// TrainingArguments as JSON) as <c>config.*</c>, <c>model_config/text_summary</c> as <c>model_config.*</c>.
    /// </summary>
    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    /// <summary>The <c>file_version</c> of the last event that carried one (normally "brain.Event:2").</summary>
    public string? FileVersion { get; private set; }

    /// <summary>Decodes one event; summary values are appended to <paramref name="values"/>.</summary>
    /// <exception cref="MalformedProtobufException">The bytes are not an Event.</exception>
    public EventKind Decode(ReadOnlySpan<byte> record, out double wallTime, out long step, List<DecodedValue> values)
    {
        wallTime = 0;
        step = 0;
        var kind = EventKind.Empty;
        var reader = new ProtoReader(record);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == WireType.Fixed64:
                    wallTime = reader.ReadDouble();
                    break;
                case 2 when wire == WireType.Varint:
                    step = (long)reader.ReadVarint();
                    break;
                case 3 when wire == WireType.LengthDelimited:
                    FileVersion = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
                    kind = EventKind.FileVersion;
                    break;
                case 5 when wire == WireType.LengthDelimited:
                    DecodeSummary(reader.ReadLengthDelimited(), values);
                    kind = EventKind.Summary;
                    break;
                case >= 4 and <= 9 when wire == WireType.LengthDelimited:
                    reader.Skip(wire);
                    kind = (EventKind)field;
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        return kind;
    }

    private void DecodeSummary(ReadOnlySpan<byte> summary, List<DecodedValue> values)
    {
        var reader = new ProtoReader(summary);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == 1 && wire == WireType.LengthDelimited)
            {
                values.Add(DecodeValue(reader.ReadLengthDelimited()));
            }
            else
            {
                reader.Skip(wire);
            }
        }
    }

    private DecodedValue DecodeValue(ReadOnlySpan<byte> value)
    {
        ReadOnlySpan<byte> tag = default;
        ReadOnlySpan<byte> tensor = default;
        ReadOnlySpan<byte> plugin = default;
        float? simple = null;
        string? legacyKind = null;
        var hasTensor = false;
        var reader = new ProtoReader(value);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == WireType.LengthDelimited:
                    tag = reader.ReadLengthDelimited();
                    break;
                case 2 when wire == WireType.Fixed32:
                    simple = reader.ReadFloat();
                    break;
                case 8 when wire == WireType.LengthDelimited:
                    tensor = reader.ReadLengthDelimited();
                    hasTensor = true;
                    break;
                case 9 when wire == WireType.LengthDelimited:
                    plugin = PluginName(reader.ReadLengthDelimited());
                    break;
                case 3 or 5:
                    reader.Skip(wire);
                    legacyKind = "histograms";
                    break;
                case 4:
                    reader.Skip(wire);
                    legacyKind = "images";
                    break;
                case 6:
                    reader.Skip(wire);
                    legacyKind = "audio";
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        var tagId = Tags.Intern(tag);
        Tags.SetPlugin(tagId, plugin);
        if (simple is { } number)
        {
            return new DecodedValue(tagId, number, null);
        }

        if (legacyKind is not null)
        {
            return new DecodedValue(tagId, 0, ReasonFor(legacyKind));
        }

        var knownPlugin = Tags.PluginOf(tagId);
        if (hasTensor && knownPlugin == "text")
        {
            ReadConfigText(Tags.NameOf(tagId), tensor);
        }

        if (hasTensor && (knownPlugin is null || knownPlugin == "scalars"))
        {
            return TensorScalar.TryRead(tensor, out var scalar, out var reason)
                ? new DecodedValue(tagId, scalar, null)
                : new DecodedValue(tagId, 0, reason);
        }

        return new DecodedValue(tagId, 0, knownPlugin is null ? WithoutData : ReasonFor(knownPlugin));
    }

    private void ReadConfigText(string tag, ReadOnlySpan<byte> tensor)
    {
        var prefix = tag switch
        {
            "args/text_summary" => "config",
            "model_config/text_summary" => "model_config",
            _ => null,
        };
        if (prefix is null)
        {
            return;
        }

        // TensorProto.string_val = 8: the text as written.
        var reader = new ProtoReader(tensor);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field != 8 || wire != WireType.LengthDelimited)
            {
                reader.Skip(wire);
                continue;
            }

            if (PythonJsonReader.TryParse(reader.ReadLengthDelimited()) is { ValueKind: System.Text.Json.JsonValueKind.Object } json)
            {
                JsonMetadata.Flatten(prefix, json, Metadata);
            }

            return;
        }
    }

    private string ReasonFor(string plugin)
    {
        if (!_pluginReasons.TryGetValue(plugin, out var reason))
        {
            reason = $"non-scalar summary ({plugin})";
            _pluginReasons[plugin] = reason;
        }

        return reason;
    }

    // SummaryMetadata { PluginData plugin_data = 1 { string plugin_name = 1; bytes content = 2; } ... }
    private static ReadOnlySpan<byte> PluginName(ReadOnlySpan<byte> metadata)
    {
        var reader = new ProtoReader(metadata);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field != 1 || wire != WireType.LengthDelimited)
            {
                reader.Skip(wire);
                continue;
            }

            var pluginData = new ProtoReader(reader.ReadLengthDelimited());
            while (pluginData.TryReadTag(out var inner, out var innerWire))
            {
                if (inner == 1 && innerWire == WireType.LengthDelimited)
                {
                    return pluginData.ReadLengthDelimited();
                }

                pluginData.Skip(innerWire);
            }
        }

        return default;
    }
}
