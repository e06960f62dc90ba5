using System.Text.Json;

namespace Headroom.Ingest;

/// <summary>
/// Typed access to one JSON object of a model <c>config.json</c>, with errors that name the file and the field
/// (<paramref name="Prefix"/> is "text_config." when the decoder's fields are nested in a multimodal wrapper).
/// A field that is absent and a field that is null read alike, as transformers reads them.
/// </summary>
internal readonly record struct ConfigFields(JsonElement Element, string Source, string Prefix)
{
    /// <summary>True when the field is present and not null.</summary>
    public bool Has(string field) => TryGet(field, out _);

    /// <summary>A positive integer that must be present; <paramref name="kind"/> names the models that have it, for the error.</summary>
    public int RequiredInt(string field, string? kind = null)
        => TryGet(field, out var value)
            ? Integer(field, value, minimum: 1)
            : throw ModelConfigException.MissingField(Source, Prefix + field, kind);

    /// <summary>A positive integer, or null when absent.</summary>
    public int? OptionalInt(string field)
        => TryGet(field, out var value) ? Integer(field, value, minimum: 1) : null;

    /// <summary>An integer of zero or more, or null when absent.</summary>
    public int? OptionalCount(string field)
        => TryGet(field, out var value) ? Integer(field, value, minimum: 0) : null;

    /// <summary>A boolean, or null when absent.</summary>
    public bool? OptionalBool(string field)
    {
        if (!TryGet(field, out var value))
        {
            return null;
        }

        return value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : throw ModelConfigException.WrongType(Source, Prefix + field, "true or false", Describe(value));
    }

    /// <summary>A string, or null when absent or not a string.</summary>
    public string? OptionalString(string field)
        => TryGet(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>An array of integers of zero or more (e.g. layer indices); empty when absent.</summary>
    public IReadOnlyList<int> OptionalCounts(string field)
    {
        var fields = this;
        return Elements(field).Select((item, index) => fields.Integer($"{field}[{index}]", item, minimum: 0)).ToArray();
    }

    /// <summary>An array of strings; empty when absent.</summary>
    public IReadOnlyList<string> OptionalStrings(string field)
    {
        var (source, prefix) = (Source, Prefix);
        return Elements(field).Select((item, index) => item.ValueKind == JsonValueKind.String
            ? item.GetString()!
            : throw ModelConfigException.WrongType(source, $"{prefix}{field}[{index}]", "a string", Describe(item))).ToArray();
    }

    /// <summary>The raw value of a present, non-null field, short enough for a one-line message.</summary>
    public string Quote(string field)
    {
        var text = TryGet(field, out var value) ? value.GetRawText() : "null";
        return text.Length <= 40 ? text : text[..37] + "...";
    }

    /// <summary>How a JSON value reads in a message: "the string \"x\"", "the number 3", "an array"...</summary>
    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{element.GetString()}\"",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {element.GetRawText()}",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };

    private bool TryGet(string field, out JsonElement value)
        => Element.TryGetProperty(field, out value) && value.ValueKind != JsonValueKind.Null;

    private IEnumerable<JsonElement> Elements(string field)
    {
        if (!TryGet(field, out var value))
        {
            return [];
        }

        return value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw ModelConfigException.WrongType(Source, Prefix + field, "an array", Describe(value));
    }

    private int Integer(string field, JsonElement value, int minimum)
    {
        var requirement = minimum == 0 ? "an integer of zero or more" : "a positive integer";
        if (value.ValueKind != JsonValueKind.Number)
        {
            throw ModelConfigException.WrongType(Source, Prefix + field, requirement, Describe(value));
        }

        // Some exporters write 3584.0; an integral value is accepted, a fraction is not.
        var number = value.GetDouble();
        if (number != Math.Floor(number) || number < minimum || number > int.MaxValue)
        {
            throw ModelConfigException.InvalidValue(Source, Prefix + field, value.GetRawText(), requirement);
        }

        return (int)number;
    }
}
