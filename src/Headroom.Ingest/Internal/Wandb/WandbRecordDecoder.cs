using System.Globalization;
using System.Text;

namespace Headroom.Ingest;

/// <summary>
/// Decodes the protobuf <c>wandb_internal.Record</c> messages of a datastore
/// (wandb/proto/wandb_internal.proto) into a <see cref="WandbRunBuilder"/>: history rows
/// (<c>HistoryRecord.item[]</c> with <c>key</c>/<c>nested_key</c> and <c>value_json</c>), summary
/// and config updates, and the run's identity. Other record kinds (console output, system stats,
/// telemetry, files, artifacts...) hold no training metric; they are counted by kind.
/// </summary>
internal sealed class WandbRecordDecoder(WandbRunBuilder builder)
{
    private readonly List<(string Key, double Value)> _numbers = [];
    private readonly List<string> _reasons = [];
    private readonly Dictionary<string, byte[]> _summary = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _config = new(StringComparer.Ordinal);

    /// <summary>Summary items of the datastore, last update winning.</summary>
    public IReadOnlyDictionary<string, byte[]> Summary => _summary;

    /// <summary>Config items of the datastore (value JSON), last update winning.</summary>
    public IReadOnlyDictionary<string, byte[]> Config => _config;

    /// <summary>Decodes one record; throws <see cref="MalformedProtobufException"/> for bytes that are not a Record.</summary>
    public void Decode(ReadOnlySpan<byte> record, string path, long offset)
    {
        var reader = new ProtoReader(record);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (wire != WireType.LengthDelimited)
            {
                reader.Skip(wire);
                continue;
            }

            var body = reader.ReadLengthDelimited();
            switch (field)
            {
                case 2:
                    History(body, path, offset);
                    break;
                case 3:
                    Items(body, _summary);
                    break;
                case 5:
                    Items(body, _config);
                    break;
                case 17:
                    Run(body);
                    break;
                case 18:
                    Exit(body);
                    break;
                case 16 or 19 or 200:
                    // control, uuid, _info: bookkeeping of every record
                    break;
                default:
                    builder.Skipped.Add(KindReason(field), path, offset);
                    break;
            }
        }
    }

    // HistoryRecord { repeated HistoryItem item = 1; HistoryStep step = 2 { int64 num = 1; } }
    private void History(ReadOnlySpan<byte> history, string path, long offset)
    {
        long? stepNum = null;
        var reader = new ProtoReader(history);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == 1 && wire == WireType.LengthDelimited)
            {
                Item(reader.ReadLengthDelimited(), path, offset);
            }
            else if (field == 2 && wire == WireType.LengthDelimited)
            {
                stepNum = 0;
                var step = new ProtoReader(reader.ReadLengthDelimited());
                while (step.TryReadTag(out var stepField, out var stepWire))
                {
                    if (stepField == 1 && stepWire == WireType.Varint)
                    {
                        stepNum = (long)step.ReadVarint();
                    }
                    else
                    {
                        step.Skip(stepWire);
                    }
                }
            }
            else
            {
                reader.Skip(wire);
            }
        }

        builder.EndRow(stepNum);
    }

    // HistoryItem { string key = 1; repeated string nested_key = 2; string value_json = 16; }
    /// <summary>
    /// A value that is a number: as Python's json writes one, read on the JSON grammar's fast path (most of a
    /// datastore's bytes); any other spelling .NET reads as a number (NaN, Infinity, surrounding spaces) as before.
    /// </summary>
    private static bool TryNumber(ReadOnlySpan<byte> json, out double number)
        => JsonNumber.Read(json, out number) == json.Length
            || double.TryParse(json, NumberStyles.Float, CultureInfo.InvariantCulture, out number);

    private void Item(ReadOnlySpan<byte> item, string path, long offset)
    {
        ReadItem(item, out var key, out var nested, out var json);
        if (nested is null && TryNumber(json, out var number))
        {
            builder.Add(builder.KeyId(key), number);
            return;
        }

        var name = nested ?? Encoding.UTF8.GetString(key);
        _numbers.Clear();
        _reasons.Clear();
        WandbValue.Read(name, json, _numbers, _reasons);
        foreach (var (subKey, value) in _numbers)
        {
            builder.Add(builder.KeyId(subKey), value);
        }

        foreach (var reason in _reasons)
        {
            builder.Skipped.Add($"history {reason}", path, offset);
        }
    }

    private static void Items(ReadOnlySpan<byte> record, Dictionary<string, byte[]> target)
    {
        // SummaryRecord / ConfigRecord { repeated Item update = 1; repeated Item remove = 2; }
        var reader = new ProtoReader(record);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (wire != WireType.LengthDelimited || field is not (1 or 2))
            {
                reader.Skip(wire);
                continue;
            }

            ReadItem(reader.ReadLengthDelimited(), out var key, out var nested, out var json);
            var name = nested ?? Encoding.UTF8.GetString(key);
            if (field == 1)
            {
                target[name] = json.ToArray();
            }
            else
            {
                target.Remove(name);
            }
        }
    }

    private static void ReadItem(ReadOnlySpan<byte> item, out ReadOnlySpan<byte> key, out string? nested, out ReadOnlySpan<byte> json)
    {
        key = default;
        json = default;
        nested = null;
        var reader = new ProtoReader(item);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == WireType.LengthDelimited:
                    key = reader.ReadLengthDelimited();
                    break;
                case 2 when wire == WireType.LengthDelimited:
                    var part = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
                    nested = nested is null ? part : $"{nested}.{part}";
                    break;
                case 16 when wire == WireType.LengthDelimited:
                    json = reader.ReadLengthDelimited();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }

        if (nested is not null && !key.IsEmpty)
        {
            nested = $"{Encoding.UTF8.GetString(key)}.{nested}";
        }
    }

    // RunRecord { run_id = 1; entity = 2; project = 3; config = 4; display_name = 8; start_time = 17 (Timestamp) ... }
    private void Run(ReadOnlySpan<byte> run)
    {
        var reader = new ProtoReader(run);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (wire != WireType.LengthDelimited)
            {
                reader.Skip(wire);
                continue;
            }

            var value = reader.ReadLengthDelimited();
            if (value.IsEmpty)
            {
                continue;
            }

            switch (field)
            {
                case 1:
                    builder.Metadata["wandb.run_id"] = Encoding.UTF8.GetString(value);
                    break;
                case 2:
                    builder.Metadata["wandb.entity"] = Encoding.UTF8.GetString(value);
                    break;
                case 3:
                    builder.Metadata["wandb.project"] = Encoding.UTF8.GetString(value);
                    break;
                case 4:
                    Items(value, _config);
                    break;
                case 8:
                    builder.Metadata["wandb.display_name"] = Encoding.UTF8.GetString(value);
                    break;
                case 17:
                    builder.Metadata["wandb.start_time"] = Timestamp(value);
                    break;
            }
        }
    }

    // RunExitRecord { int32 exit_code = 1; int32 runtime = 2; }
    private void Exit(ReadOnlySpan<byte> exit)
    {
        var code = 0L;
        var reader = new ProtoReader(exit);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == 1 && wire == WireType.Varint)
            {
                code = (int)reader.ReadVarint();
            }
            else
            {
                reader.Skip(wire);
            }
        }

        builder.Metadata["wandb.exit_code"] = code.ToString(CultureInfo.InvariantCulture);
    }

    private static string Timestamp(ReadOnlySpan<byte> timestamp)
    {
        long seconds = 0, nanos = 0;
        var reader = new ProtoReader(timestamp);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (wire == WireType.Varint && field is 1 or 2)
            {
                var value = (long)reader.ReadVarint();
                if (field == 1)
                {
                    seconds = value;
                }
                else
                {
                    nanos = value;
                }
            }
            else
            {
                reader.Skip(wire);
            }
        }

        var clamped = Math.Clamp(seconds, -62135596800L, 253402300799L);
        return DateTimeOffset.FromUnixTimeSeconds(clamped).AddTicks(Math.Clamp(nanos, 0, 999_999_999) / 100).ToString("O", CultureInfo.InvariantCulture);
    }

    private static string KindReason(int field) => field switch
    {
        4 => "record without training metrics (output)",
        6 => "record without training metrics (files)",
        7 => "record without training metrics (stats: system metrics)",
        8 => "record without training metrics (artifact)",
        9 => "record without training metrics (tbrecord)",
        10 => "record without training metrics (alert)",
        11 => "record without training metrics (telemetry)",
        12 => "record without training metrics (metric definition)",
        13 => "record without training metrics (output_raw)",
        20 => "record without training metrics (final)",
        21 => "record without training metrics (header)",
        22 => "record without training metrics (footer)",
        23 => "record without training metrics (preempting)",
        24 => "record without training metrics (link_artifact)",
        25 => "record without training metrics (use_artifact)",
        100 => "record without training metrics (request)",
        _ => "record without training metrics (unknown kind)",
    };
}
