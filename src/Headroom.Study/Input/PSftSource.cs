namespace Headroom.Study;

/// <summary>Where each branch's P_sft comes from: one value, a lookup by group from another CSV, or the data.</summary>
/// <param name="Value">A single P_sft for every branch (--p-sft).</param>
/// <param name="Lookup">P_sft by group label (--p-sft-from).</param>
/// <param name="Path">The file the lookup came from, for messages.</param>
/// <param name="ValidationLoss">SFT validation loss by group label, when the SFT file has that column.</param>
public sealed record PSftSource(double? Value, IReadOnlyDictionary<string, double>? Lookup, string? Path, IReadOnlyDictionary<string, double>? ValidationLoss = null)
{
    /// <summary>P_sft from the rows at compute 0 of each branch.</summary>
    public static PSftSource FromData { get; } = new(null, null, null);

    /// <summary>One P_sft for every branch; fails unless <paramref name="value"/> is finite.</summary>
    public static PSftSource Of(double value)
        => double.IsFinite(value) ? new PSftSource(value, null, null) : throw Headroom.Core.InvalidSettingException.OutOfRange("--p-sft", value, "a finite score");

    /// <summary>Reads the SFT scores file: the --group column names the checkpoint, the --y column its score.</summary>
    public static PSftSource FromFile(string path, string group, string y, string? valLoss)
    {
        var table = CsvTable.Read(path);
        var groupColumn = table.Column("--group", group);
        var yColumn = table.Column("--y", y);
        var lossColumn = valLoss is null ? -1 : table.Column("--val-loss", valLoss);
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        var losses = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var row = 0; row < table.RowCount; row++)
        {
            var label = table.Text(row, groupColumn);
            scores[label] = table.FiniteNumber(row, yColumn);
            if (lossColumn >= 0 && table.Number(row, lossColumn) is { } loss && double.IsFinite(loss))
            {
                losses[label] = loss;
            }
        }

        return new PSftSource(null, scores, path, lossColumn >= 0 ? losses : null);
    }

    /// <summary>The validation loss of a group, or null.</summary>
    public double? LossOf(string group)
        => ValidationLoss is not null && GroupLabels.TryFind(ValidationLoss, group, out var loss) ? loss : null;
}
