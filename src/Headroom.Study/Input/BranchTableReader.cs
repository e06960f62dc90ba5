using System.Globalization;
using Headroom.Core.Fitting;

namespace Headroom.Study;

/// <summary>
/// Reads RL branches from a CSV: one row per evaluation with a compute column (--x), a score column (--y) and,
/// for several branches, a group column (--group). Every branch needs its P_sft: a single value, the score
/// of the matching row of a second CSV (--p-sft-from), or the branch's own row at compute 0.
/// </summary>
public static class BranchTableReader
{
    /// <summary>The label of the only branch when no group column is given.</summary>
    public const string SingleGroup = "all";

    /// <summary>
    /// Reads the branches of the CSV at <paramref name="path"/>: compute column <paramref name="x"/>, score column
    /// <paramref name="y"/> and optional group column; numeric labels sort numerically. Fails, naming the file, line
    /// and column, on a missing column, an empty label, a non-finite or negative value, or a branch without P_sft.
    /// </summary>
    public static IReadOnlyList<BranchCurve> Read(string path, string x, string y, string? group, PSftSource pSft)
        => Read(CsvTable.Read(path), x, y, group, pSft);

    /// <summary>As <see cref="Read(string, string, string, string?, PSftSource)"/>, for a table already read.</summary>
    internal static IReadOnlyList<BranchCurve> Read(CsvTable table, string x, string y, string? group, PSftSource pSft)
    {
        var xColumn = table.Column("--x", x);
        var yColumn = table.Column("--y", y);
        var groupColumn = group is null ? -1 : table.Column("--group", group);

        var rows = new Dictionary<string, List<(double X, double Score, long Line)>>(StringComparer.Ordinal);
        var order = new List<string>();
        for (var row = 0; row < table.RowCount; row++)
        {
            var label = groupColumn < 0 ? SingleGroup : table.Text(row, groupColumn);
            if (label.Length == 0)
            {
                throw InputException.EmptyName(table.Path, table.LineOf(row), table.ColumnName(groupColumn));
            }

            var compute = table.FiniteNumber(row, xColumn);
            if (compute < 0)
            {
                throw InputException.NegativeCompute(table.Path, table.LineOf(row), table.ColumnName(xColumn), compute);
            }

            var score = table.FiniteNumber(row, yColumn);
            if (!rows.TryGetValue(label, out var points))
            {
                rows[label] = points = [];
                order.Add(label);
            }

            points.Add((compute, score, table.LineOf(row)));
        }

        return SortedLabels(order).Select(label => ToCurve(table.Path, label, rows[label], pSft)).ToList();
    }

    /// <summary>Numeric labels (SFT steps) in numeric order; otherwise the order of first appearance.</summary>
    private static IEnumerable<string> SortedLabels(List<string> labels)
    {
        var numbers = labels.Select(l => double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray();
        return numbers.All(double.IsFinite) ? labels.Zip(numbers).OrderBy(p => p.Second).Select(p => p.First) : labels;
    }

    private static BranchCurve ToCurve(string path, string label, List<(double X, double Score, long Line)> points, PSftSource source)
    {
        var atBranch = points.Where(p => p.X == 0).ToList();
        if (atBranch.Count > 1)
        {
            throw InputException.ConflictingPSft(path, atBranch[1].Line, label);
        }

        double pSft;
        if (source.Value is { } value)
        {
            pSft = value;
        }
        else if (source.Lookup is not null && GroupLabels.TryFind(source.Lookup, label, out var looked))
        {
            pSft = looked;
        }
        else if (atBranch.Count == 1)
        {
            // The branch point was measured: it is P_sft, and the fit adds it back as (0, 0).
            pSft = atBranch[0].Score;
            points = points.Where(p => p.X != 0).ToList();
        }
        else
        {
            throw InputException.NoPSft(source.Path ?? path, label);
        }

        return new BranchCurve(label, pSft, points.Select(p => p.X).ToArray(), points.Select(p => p.Score).ToArray());
    }
}
