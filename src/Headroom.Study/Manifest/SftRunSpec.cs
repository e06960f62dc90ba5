namespace Headroom.Study;

/// <summary>One SFT run of a study as the manifest names it.</summary>
public sealed record SftRunSpec
{
    /// <summary>The run's name, used by branches (`from: name@step`).</summary>
    public required string Name { get; init; }

    /// <summary>The dataset's name (default: the run's name).</summary>
    public required string Dataset { get; init; }

    /// <summary>The dataset's size in examples, when given.</summary>
    public double? Size { get; init; }

    /// <summary>A difficulty label (e.g. easy, uniform, hard), when given.</summary>
    public string? Difficulty { get; init; }

    /// <summary>Log files or folders, resolved against the manifest (empty for a table or a reported dataset).</summary>
    public IReadOnlyList<string> Logs { get; init; } = [];

    /// <summary>A CSV with one row per checkpoint, instead of logs.</summary>
    public TableSpec? Table { get; init; }

    /// <summary>The key of the validation loss (default: the canonical `sft_val_loss`).</summary>
    public string? ValidationLossKey { get; init; }

    /// <summary>How compute is counted.</summary>
    public ComputeSpec Compute { get; init; } = ComputeSpec.FromLogs;

    /// <summary>The minimum validation loss reported for a dataset whose logs are not at hand.</summary>
    public double? MinValidationLoss { get; init; }

    /// <summary>The best ceiling reported for a dataset studied elsewhere.</summary>
    public double? BestAPost { get; init; }

    /// <summary>The manifest line of the entry.</summary>
    public long Line { get; init; }
}
