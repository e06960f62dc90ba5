namespace Headroom.Ingest;

/// <summary>
/// Maps raw trainer keys (`eval_loss`, `eval/loss`, `val/loss`, `eval/eval gpt_loss`...) to the
/// canonical series names the framework needs (`sft_val_loss`, `rl_val_score`, `tokens`...). The built-in
/// table follows log-formats.md §1.8; users may override or extend it.
/// </summary>
public sealed class CanonicalNames
{
    private readonly IReadOnlyDictionary<string, string> _exact;

    /// <summary>Creates a mapping from an exact-key table.</summary>
    public CanonicalNames(IReadOnlyDictionary<string, string> exact)
    {
        ArgumentNullException.ThrowIfNull(exact);
        _exact = exact;
    }

    /// <summary>The built-in table.</summary>
    public static CanonicalNames BuiltIn { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>The canonical name of <paramref name="rawKey"/> in a log of <paramref name="format"/>, or null.</summary>
    public string? Map(string format, string rawKey)
    {
        ArgumentNullException.ThrowIfNull(rawKey);
        return _exact.TryGetValue(rawKey, out var canonical) ? canonical : null;
    }
}
