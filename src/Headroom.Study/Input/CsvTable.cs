using System.Globalization;
using CsvHelper;

namespace Headroom.Study;

/// <summary>
/// A small CSV table read whole for the commands that take one (regimes, select): a header line, then rows
/// whose fields are looked up by column name. Numbers are parsed with the invariant culture; every error
/// names the file, the line and the column.
/// </summary>
internal sealed class CsvTable
{
    private readonly string[] _header;
    private readonly List<(long Line, string[] Fields)> _rows;

    private CsvTable(string path, string[] header, List<(long Line, string[] Fields)> rows)
    {
        Path = path;
        _header = header;
        _rows = rows;
    }

    /// <summary>The file the table came from, as given.</summary>
    public string Path { get; }

    /// <summary>Data rows (blank lines are not rows).</summary>
    public int RowCount => _rows.Count;

    /// <summary>Reads <paramref name="path"/>; fails on a missing or empty file, a header without rows, broken quoting or a ragged row.</summary>
    public static CsvTable Read(string path)
    {
        if (!File.Exists(path))
        {
            throw InputException.NotFound(path);
        }

        if (new FileInfo(path).Length == 0)
        {
            throw InputException.EmptyFile(path);
        }

        var options = new CsvReaderOptions
        {
            Separator = ',',
            TrackLineNumbers = true,
            TrimWhitespace = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
        };
        try
        {
            using var csv = CsvReader.FromFile(path, options);
            var header = csv.Headers.Select(h => h.Trim()).ToArray();
            if (header.Length == 0 || header.All(h => h.Length == 0))
            {
                throw InputException.EmptyFile(path);
            }

            var rows = new List<(long, string[])>();
            while (csv.Read())
            {
                if (csv.FieldCount != header.Length)
                {
                    throw InputException.RaggedRow(path, csv.LineNumber, csv.FieldCount, header.Length);
                }

                rows.Add((csv.LineNumber, Enumerable.Range(0, csv.FieldCount).Select(csv.GetString).ToArray()));
            }

            return rows.Count == 0 ? throw InputException.NoRows(path) : new CsvTable(path, header, rows);
        }
        catch (CsvFormatException exception)
        {
            throw InputException.Malformed(path, exception.LineNumber, "the CSV quoting is malformed (an unbalanced quote?)", exception);
        }
    }

    /// <summary>The index of a column named by <paramref name="option"/>: an exact match, else the only case-insensitive one.</summary>
    public int Column(string option, string name)
    {
        var exact = Array.IndexOf(_header, name);
        if (exact >= 0)
        {
            return exact;
        }

        var folded = _header.Select((h, i) => (h, i)).Where(p => string.Equals(p.h, name, StringComparison.OrdinalIgnoreCase)).ToArray();
        return folded.Length == 1 ? folded[0].i : throw InputException.MissingColumn(Path, option, name, _header);
    }

    /// <summary>The column's name.</summary>
    public string ColumnName(int column) => _header[column];

    /// <summary>The file line of a data row (the header is line 1), for messages.</summary>
    public long LineOf(int row) => _rows[row].Line;

    /// <summary>The trimmed text of a cell.</summary>
    public string Text(int row, int column) => _rows[row].Fields[column].Trim();

    /// <summary>The number in a cell: null when the cell is empty, NaN for "nan" in any case; text that is not a number fails.</summary>
    public double? Number(int row, int column)
    {
        var text = Text(row, column);
        if (text.Length == 0)
        {
            return null;
        }

        if (string.Equals(text, "nan", StringComparison.OrdinalIgnoreCase))
        {
            return double.NaN;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw InputException.NotANumber(Path, LineOf(row), ColumnName(column), text);
    }

    /// <summary>A finite number in a cell; empty, NaN or infinite values fail.</summary>
    public double FiniteNumber(int row, int column)
    {
        var value = Number(row, column);
        return value is { } v && double.IsFinite(v) ? v : throw InputException.MissingValue(Path, LineOf(row), ColumnName(column));
    }
}
