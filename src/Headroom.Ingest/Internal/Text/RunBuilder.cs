using System.Runtime.CompilerServices;
namespace Headroom.Ingest;

/// <summary>
/// One run while a reader walks its records: its keys (interned to ids), metadata and skip counts, with its
/// points handed to the store the sink chose (<see cref="IPointStore"/>) in the order the trainer wrote them.
/// </summary>
internal sealed class RunBuilder
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _keys = [];
    private readonly List<bool> _kept = [];

    public RunBuilder(string format, string path, string name, ReaderOptions options, Func<IReadOnlyList<string>, IPointStore> store)
    {
        Format = format;
        Path = path;
        Name = name;
        Options = options;
        Store = store(_keys);
    }

    public string Format { get; }

    public string Path { get; }

    public string Name { get; set; }

    public ReaderOptions Options { get; }

    public IPointStore Store { get; }

    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    public SkipTally Skipped { get; } = new();

    /// <summary>
    /// A prefix the keys are looked up with in the name table before their own name (a TF2 Keras run folder, `train/`
    /// or `validation/`, where the same key means the training or the validation value); null for none.
    /// </summary>
    public string? NameContext { get; set; }

    /// <summary>The run's keys by id.</summary>
    public IReadOnlyList<string> Keys => _keys;

    /// <summary>Number of values added (before de-duplication by step).</summary>
    public long ValuesAdded { get; private set; }

    public bool HasValues => ValuesAdded > 0;

    /// <summary>A run whose points are kept, for readers that build their runs whole (<see cref="Build"/>).</summary>
    public static RunBuilder Kept(string format, string path, string name, ReaderOptions options)
        => new(format, path, name, options, _ => new PointLists());

    /// <summary>The run, for a builder made by <see cref="Kept"/>.</summary>
    public RunLog Build() => ((PointLists)Store).Build(this);

    /// <summary>The canonical name of each of <paramref name="keys"/> in this run (see <see cref="CanonicalNames.ResolveRun"/> and <see cref="NameContext"/>).</summary>
    public IReadOnlyDictionary<string, CanonicalName> ResolveNames(IReadOnlyCollection<string> keys)
    {
        var plain = Options.Names.ResolveRun(Format, keys);
        if (NameContext is not { } context)
        {
            return plain;
        }

        var qualified = Options.Names.ResolveRun(Format, keys.Select(key => context + key));
        var names = new Dictionary<string, CanonicalName>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (qualified.TryGetValue(context + key, out var name) || plain.TryGetValue(key, out name))
            {
                names[key] = name;
            }
        }

        return names;
    }

    public int KeyId(string key)
    {
        if (!_ids.TryGetValue(key, out var id))
        {
            id = _keys.Count;
            _keys.Add(key);
            _ids[key] = id;
        }

        return id;
    }

    public void Add(string key, long step, double value, double? wallTime = null) => Add(KeyId(key), step, value, wallTime);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(int key, long step, double value, double? wallTime = null)
    {
        ValuesAdded++;
        if (Options.KeepSeries is null || IsKept(key))
        {
            Store.Add(key, step, value, wallTime);
        }
    }

    /// <summary>
    /// Adds a stretch of one key's points by its totals when the store can take it so (<see cref="ISpanStore"/>), as
    /// if added one by one; false, nothing changed, when its points must be added one by one.
    /// </summary>
    public bool TryAdd(int key, in SpanSummary span)
    {
        if (Options.KeepSeries is not null && !IsKept(key))
        {
            ValuesAdded += span.Count;
            return true;
        }

        if (Store is ISpanStore store && store.TryAdd(key, span))
        {
            ValuesAdded += span.Count;
            return true;
        }

        return false;
    }

    // Whether ReaderOptions.KeepSeries keeps the key, asked once per key.
    private bool IsKept(int key)
    {
        while (_kept.Count <= key)
        {
            _kept.Add(Options.KeepSeries!(Format, _keys[_kept.Count]));
        }

        return _kept[key];
    }

    /// <summary>Counts one skipped record under <paramref name="reason"/>, remembering where the first was.</summary>
    public void Skip(string reason, string? location = null, int count = 1) => Skipped.Add(reason, location, count);

    /// <summary>Counts one skipped record at <paramref name="unit"/> <paramref name="position"/> of a file (the location is formatted only for a new reason).</summary>
    public void SkipAt(string reason, string path, string unit, long position) => Skipped.AddAt(reason, path, unit, position);

    /// <summary>A bad record: thrown under the strict policy, skipped and counted under the lenient one.</summary>
    public void Fault(string reason, string location, Func<IngestException> strictError)
    {
        if (Options.BadRecords == BadRecordPolicy.Strict)
        {
            throw strictError();
        }

        Skip(reason, location);
    }

    /// <summary>A location text for messages and skip records: the file and the line.</summary>
    public static string AtLine(string file, long line) => $"{file}: line {line}";

    /// <summary>A location text for messages and skip records: the file and the byte offset.</summary>
    public static string AtByte(string file, long offset) => $"{file}: byte {offset}";
}
