namespace Headroom.Ingest;

/// <summary>Makes run names unique in order: the first keeps its name, later ones get `#2`, `#3`...</summary>
internal sealed class RunLabeller
{
    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);

    public string Next(string name)
    {
        var count = _seen[name] = _seen.GetValueOrDefault(name) + 1;
        return count == 1 ? name : $"{name}#{count}";
    }
}
