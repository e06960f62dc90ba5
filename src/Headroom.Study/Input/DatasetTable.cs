using Headroom.Core.Selection;

namespace Headroom.Study;

/// <summary>
/// Reads the datasets of `headroom select` from a CSV: one row per SFT dataset with its name, minimum validation
/// loss and best ceiling; a row with an empty ceiling is a candidate to rank.
/// </summary>
public static class DatasetTable
{
    /// <summary>
    /// The datasets with a known ceiling and the candidates. Fails, naming the file, line and column, on a missing
    /// column, an empty name, a non-finite loss, a NaN ceiling, or no dataset with a ceiling at all.
    /// </summary>
    public static (IReadOnlyList<DatasetOutcome> Fitted, IReadOnlyList<DatasetCandidate> Candidates) Read(string path, string dataset, string loss, string ceiling)
    {
        var table = CsvTable.Read(path);
        var nameColumn = table.Column("--dataset", dataset);
        var lossColumn = table.Column("--loss", loss);
        var ceilingColumn = table.Column("--ceiling", ceiling);
        var fitted = new List<DatasetOutcome>();
        var candidates = new List<DatasetCandidate>();
        for (var row = 0; row < table.RowCount; row++)
        {
            var name = table.Text(row, nameColumn);
            if (name.Length == 0)
            {
                throw InputException.EmptyName(table.Path, table.LineOf(row), table.ColumnName(nameColumn));
            }

            var minLoss = table.FiniteNumber(row, lossColumn);
            switch (table.Number(row, ceilingColumn))
            {
                case null:
                    candidates.Add(new DatasetCandidate(name, minLoss));
                    break;
                case { } value when double.IsFinite(value):
                    fitted.Add(new DatasetOutcome(name, minLoss, value));
                    break;
                default:
                    throw InputException.NaNCeiling(table.Path, table.LineOf(row), table.ColumnName(ceilingColumn));
            }
        }

        return fitted.Count == 0 ? throw InputException.NoFittedDataset(table.Path, table.ColumnName(ceilingColumn)) : (fitted, candidates);
    }
}
