using System.Text;
using System.Text.Json;

namespace Headroom.Ingest;

/// <summary>
/// A line of verl's file logger read without a JSON document: <c>{"step": n, "data": {flat metrics}}</c> walked once
/// with Utf8JsonReader, metric names matched as bytes (<see cref="Utf8KeyTable"/>, no string per name), numbers read by
/// <see cref="JsonNumber"/>. What the line holds is collected first and given to the run only when the whole line
/// has this common shape, in the order written and as <see cref="JsonLines.AddField"/> gives it (null is NaN, true
/// and false are 1 and 0, a numeric string its number, other text and lists counted). Anything else — a nested value
/// in <c>data</c>, an escaped name or string, bare NaN, a step that is not a plain number, a top-level key written
/// twice, a <c>step</c> key inside <c>data</c>, JSON that does not parse — makes <see cref="TryRead"/> return false
/// having changed nothing, and the line is read as a document, which reads or reports it as it always did.
/// </summary>
internal sealed class VerlFastLine
{
    private readonly Utf8KeyTable _keys;
    private readonly List<string> _names = [];
    private readonly List<int> _runIds = [];
    private readonly List<(int Name, double Value, bool IsValue)> _items = [];

    public VerlFastLine() => _keys = new Utf8KeyTable(Local);

    /// <summary>The step of the line last read.</summary>
    public long Step { get; private set; }

    /// <summary>Reads the line; false when it is not of the common shape (what was collected is then not to be used).</summary>
    public bool TryRead(ReadOnlySpan<byte> line)
    {
        _items.Clear();
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 4 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            bool sawStep = false, sawData = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueIsEscaped)
                {
                    return false;
                }

                var isStep = reader.ValueTextEquals("step"u8);
                var isData = !isStep && reader.ValueTextEquals("data"u8);
                reader.Read();
                if (isStep)
                {
                    if (sawStep || reader.TokenType != JsonTokenType.Number || !TryNumber(reader.ValueSpan, out var value) || !Numbers.TryStep(value, out var step))
                    {
                        return false;
                    }

                    (sawStep, Step) = (true, step);
                }
                else if (isData)
                {
                    if (sawData || reader.TokenType != JsonTokenType.StartObject || !ReadData(ref reader))
                    {
                        return false;
                    }

                    sawData = true;
                }
                else
                {
                    reader.Skip();
                }
            }

            return sawStep && sawData && reader.TokenType == JsonTokenType.EndObject && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Gives what the line held to the run: its values under their keys at <see cref="Step"/>, and what was not a number.</summary>
    public void AddTo(RunBuilder run, Func<string> location)
    {
        foreach (var (name, value, isValue) in _items)
        {
            if (isValue)
            {
                run.Add(RunId(run, name), Step, value);
            }
            else
            {
                run.Skip($"non-numeric value of '{_names[name]}'", location());
            }
        }
    }

    private bool ReadData(ref Utf8JsonReader reader)
    {
        _keys.NewObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueIsEscaped)
            {
                return false;
            }

            var (_, name) = _keys.Find(reader.ValueSpan);
            if (name == Utf8KeyTable.Step)
            {
                return false;
            }

            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.Number when TryNumber(reader.ValueSpan, out var number):
                    _items.Add((name, number, true));
                    break;
                case JsonTokenType.True or JsonTokenType.False:
                    _items.Add((name, reader.TokenType == JsonTokenType.True ? 1 : 0, true));
                    break;
                case JsonTokenType.Null:
                    _items.Add((name, double.NaN, true));
                    break;
                case JsonTokenType.String when !reader.ValueIsEscaped:
                    var isNumber = Numbers.TryParse(Encoding.UTF8.GetString(reader.ValueSpan), out var parsed);
                    _items.Add((name, parsed, isNumber));
                    break;
                case JsonTokenType.StartArray:
                    reader.Skip();
                    _items.Add((name, double.NaN, false));
                    break;
                default:
                    return false;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject;
    }

    private static bool TryNumber(ReadOnlySpan<byte> token, out double value) => JsonNumber.Read(token, out value) == token.Length;

    /// <summary>A name's id in this reader, given as names are first met (the run's own id is asked only for a number).</summary>
    private int Local(string name)
    {
        _names.Add(name);
        _runIds.Add(-1);
        return _names.Count - 1;
    }

    private int RunId(RunBuilder run, int name) => _runIds[name] >= 0 ? _runIds[name] : _runIds[name] = run.KeyId(_names[name]);
}
