namespace Headroom.Ingest;

/// <summary>
/// The canonical model of one training run read from a trainer's files: where it came from, every
/// series found, the run metadata found in the files, and what was skipped.
/// </summary>
/// <param name="Format">The reader's format name (e.g. `trainer_state`, `tensorboard`, `wandb`, `verl_jsonl`).</param>
/// <param name="Path">The file or folder the run was read from.</param>
/// <param name="Name">A short run name (folder or file name, or the name the trainer recorded).</param>
/// <param name="Series">Every series, one per key, in key order.</param>
/// <param name="Metadata">Run facts found in the files (model name, batch size, learning rate, ...), as text.</param>
/// <param name="Skipped">Everything not turned into values, with reasons and counts.</param>
public sealed record RunLog(
    string Format,
    string Path,
    string Name,
    IReadOnlyList<MetricSeries> Series,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<SkippedRecords> Skipped)
{
    /// <summary>The series with the given raw key, or null.</summary>
    public MetricSeries? Find(string key) => Series.FirstOrDefault(s => s.Key == key);

    /// <summary>Every series mapped to the given canonical name (several for per-benchmark names).</summary>
    public IEnumerable<MetricSeries> WithCanonical(string canonical) => Series.Where(s => s.Canonical == canonical);
}
