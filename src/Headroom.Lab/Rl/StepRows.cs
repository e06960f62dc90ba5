namespace Headroom.Lab.Rl;

/// <summary>The rows one step trains on, and what the objective decided on the way (logged with the step).</summary>
internal sealed record StepRows(IReadOnlyList<TrainingRow> Rows, IReadOnlyDictionary<string, double> Metrics)
{
    public StepRows(IReadOnlyList<TrainingRow> rows)
        : this(rows, new Dictionary<string, double>())
    {
    }
}
