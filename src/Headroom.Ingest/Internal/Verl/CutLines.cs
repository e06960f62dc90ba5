using System.Globalization;

namespace Headroom.Ingest;

/// <summary>
/// Metric lines cut at W&amp;B's 4096-character limit (its `files/output.log` copy of the console). verl prints
/// validation keys last, so a cut validation line loses every `val-core/...` key. The keys lost are those the run's
/// `.wandb` datastore holds (when the log sits in a run's `files/` folder beside one), else those the whole lines of
/// the log hold, that a cut line lacks, plus the key broken at the cut; the report names the datastore as the better
/// source.
/// </summary>
internal sealed class CutLines
{
    public const int Limit = 4096;
    private const int ListedKeys = 8;

    private readonly HashSet<string> _wholeKeys = new(StringComparer.Ordinal);
    private readonly List<HashSet<string>> _cutKeys = [];
    private readonly SortedSet<string> _broken = new(StringComparer.Ordinal);
    private string? _first;

    public void Whole(IEnumerable<string> keys) => _wholeKeys.UnionWith(keys);

    public void Add(string location, string brokenPair, IEnumerable<string> keys)
    {
        _first ??= location;
        _cutKeys.Add([.. keys]);
        _broken.Add($"'{brokenPair.Split(':')[0].Trim()}...'");
    }

    public void Report(RunBuilder run, string path)
    {
        if (_cutKeys.Count == 0)
        {
            return;
        }

        var datastore = Datastore(path);
        var candidates = datastore is null ? _wholeKeys : DatastoreKeys(datastore, run.Options) ?? _wholeKeys;
        var lost = new SortedSet<string>(candidates.Where(key => _cutKeys.Any(line => !line.Contains(key))), StringComparer.Ordinal);
        var listed = string.Join(", ", lost.Take(ListedKeys).Select(k => $"'{k}'").Concat(_broken.Take(2)));
        var more = lost.Count > ListedKeys ? $" and {lost.Count - ListedKeys} more" : string.Empty;
        var source = datastore is null
            ? "no .wandb datastore beside this log to read them from"
            : $"the run's datastore {datastore} holds them: read it or the run folder instead";
        run.Skip($"metric line cut at W&B's {Limit}-character limit, keys lost: {listed}{more} ({source})", _first, _cutKeys.Count);
        run.Metadata["cut_lines"] = _cutKeys.Count.ToString(CultureInfo.InvariantCulture);
        run.Metadata["keys_lost_at_cut"] = lost.Count.ToString(CultureInfo.InvariantCulture);
        if (datastore is not null)
        {
            run.Metadata["better_source"] = datastore;
        }
    }

    /// <summary>The `.wandb` datastore of the run folder a `files/output.log` belongs to, or null.</summary>
    private static string? Datastore(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        return folder is not null && Path.GetFileName(folder) == "files"
            ? WandbRunFolder.Datastores(Path.GetDirectoryName(folder)!).FirstOrDefault()
            : null;
    }

    private static HashSet<string>? DatastoreKeys(string datastore, ReaderOptions options)
    {
        try
        {
            var run = WandbRunFolder.ReadDatastore(datastore, options with { BadRecords = BadRecordPolicy.Lenient }, "wandb");
            return [.. run.Series.Select(s => s.Key)];
        }
        catch (IngestException)
        {
            return null;
        }
    }
}
