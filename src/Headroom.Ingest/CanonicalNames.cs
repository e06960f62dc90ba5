namespace Headroom.Ingest;

/// <summary>
/// Maps raw trainer keys (`eval_loss`, `eval/loss`, `val/loss`, `eval/eval gpt_loss`...) to the
/// canonical series names the framework needs (`sft_val_loss`, `rl_val_score`, `tokens`...). The built-in
/// table follows log-formats.md §1.8 (see <see cref="CanonicalSeries"/>); users may override or extend it
/// with a mapping file (<see cref="WithFile"/>).
/// </summary>
/// <remarks>
/// Per-benchmark names (verl `val-core/&lt;data_source&gt;/&lt;var&gt;/mean@N`, OpenRLHF `eval_&lt;ds&gt;_pass1`, HF
/// `eval_&lt;name&gt;_loss`, lm-eval tasks) keep the raw key; the benchmark travels in
/// <see cref="CanonicalName.Benchmark"/> and <see cref="MetricSeries.Benchmark"/>. Scaled keys carry their
/// unit fix in <see cref="CanonicalName.Scale"/>, which the readers apply to the values.
/// </remarks>
public sealed class CanonicalNames
{
    private readonly IReadOnlyList<NameRule> _rules;

    /// <summary>Creates a mapping from an exact-key table that applies to every format (nothing else is mapped).</summary>
    public CanonicalNames(IReadOnlyDictionary<string, string> exact)
    {
        ArgumentNullException.ThrowIfNull(exact);
        _rules = [.. exact.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => NameRule.Key(pair.Key, pair.Value))];
    }

    internal CanonicalNames(IReadOnlyList<NameRule> rules) => _rules = rules;

    /// <summary>The built-in table.</summary>
    public static CanonicalNames BuiltIn { get; } = new(BuiltInNames.Rules);

    /// <summary>The canonical name of <paramref name="rawKey"/> in a log of <paramref name="format"/>, or null.</summary>
    public string? Map(string format, string rawKey) => Resolve(format, rawKey)?.Name;

    /// <summary>
    /// The meaning of one key on its own (no run context: SFT-only names such as `loss` → `sft_train_loss`
    /// are returned as if the run were SFT), or null when no rule maps it.
    /// </summary>
    public CanonicalName? Resolve(string format, string rawKey)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(rawKey);
        return Find(format, rawKey)?.Name;
    }

    /// <summary>
    /// The meaning of every key of one run. Loss keys are SFT losses only when the run holds no RL or
    /// preference key (reward, rewards/*, logps/*, critic/*...); when several keys map to the same canonical
    /// name and benchmark, the key of the earliest rule wins (ties: the ordinal-first key) and the others map
    /// to nothing. Keys that map to nothing are absent from the result.
    /// </summary>
    public IReadOnlyDictionary<string, CanonicalName> ResolveRun(string format, IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(keys);
        var distinct = keys.Distinct(StringComparer.Ordinal).ToList();
        var isPolicyRun = distinct.Any(key => BuiltInNames.PolicyRunMarker.IsMatch(key));
        var winners = new Dictionary<(string Name, string? Benchmark), (string Key, int Priority)>();
        var candidates = new Dictionary<string, (CanonicalName Name, int Priority)>(StringComparer.Ordinal);
        foreach (var key in distinct)
        {
            if (Find(format, key) is not { Name: { } name } found || (found.Rule.SftOnly && isPolicyRun))
            {
                continue;
            }

            candidates[key] = (name, found.Priority);
            var slot = (name.Name, name.Benchmark);
            if (!winners.TryGetValue(slot, out var best)
                || found.Priority < best.Priority
                || (found.Priority == best.Priority && string.CompareOrdinal(key, best.Key) < 0))
            {
                winners[slot] = (key, found.Priority);
            }
        }

        return candidates
            .Where(pair => winners[(pair.Value.Name.Name, pair.Value.Name.Benchmark)].Key == pair.Key)
            .ToDictionary(pair => pair.Key, pair => pair.Value.Name, StringComparer.Ordinal);
    }

    /// <summary>
    /// This mapping with the user's mappings from <paramref name="path"/> taking precedence. The file is either
    /// JSON (an object from raw key to canonical name, null to suppress a built-in mapping, or an object
    /// <c>{"canonical": ..., "benchmark": ..., "scale": ..., "formats": [...]}</c>; keys starting with `re:` are
    /// regular expressions whose `benchmark` group names the benchmark) or lines of <c>raw = canonical</c>
    /// (optionally <c>raw = canonical * 0.001</c>; <c>raw =</c> suppresses; <c>#</c> starts a comment).
    /// Throws <see cref="IngestException"/> naming the file and line for a malformed file.
    /// </summary>
    public CanonicalNames WithFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return WithRules(NameFileParser.Parse(path));
    }

    internal CanonicalNames WithRules(IReadOnlyList<NameRule> rules) => new([.. rules, .. _rules]);

    private (NameRule Rule, CanonicalName? Name, int Priority)? Find(string format, string key)
    {
        for (var i = 0; i < _rules.Count; i++)
        {
            if (_rules[i].TryMatch(format, key, out var name))
            {
                return (_rules[i], name, i);
            }
        }

        return null;
    }
}
