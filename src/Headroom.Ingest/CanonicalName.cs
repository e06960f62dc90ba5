namespace Headroom.Ingest;

/// <summary>What a raw key means: its canonical name, the benchmark it is about, and the unit fix to apply.</summary>
/// <param name="Name">The canonical name (see <see cref="CanonicalSeries"/>; user mappings may add others).</param>
/// <param name="Benchmark">The benchmark, data source or eval set the key names, or null.</param>
/// <param name="Scale">Multiply each logged value by this to get the canonical unit (1 for almost every key).</param>
public sealed record CanonicalName(string Name, string? Benchmark = null, double Scale = 1.0);
