namespace Headroom.Ingest;

/// <summary>One <c>Summary.Value</c> after decoding: a scalar, or the reason it is not one.</summary>
/// <param name="TagId">The tag's id in the run's <see cref="TagTable"/>.</param>
/// <param name="Value">The scalar (as double) when <paramref name="SkipReason"/> is null.</param>
/// <param name="SkipReason">Why the value is not a scalar (e.g. "non-scalar summary (histograms)"), else null.</param>
internal readonly record struct DecodedValue(int TagId, double Value, string? SkipReason);
