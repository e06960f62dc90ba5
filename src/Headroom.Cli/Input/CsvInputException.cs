using Headroom.Core;

namespace Headroom.Cli.Input;

/// <summary>
/// A CSV table given on the command line that cannot be used. Every message names the file and, where
/// there is one, the line and column, and quotes the bad value.
/// </summary>
internal sealed class CsvInputException : HeadroomException
{
    private CsvInputException(string message, Exception? inner = null)
        : base(message, inner ?? new InvalidDataException(message))
    {
    }

    public static CsvInputException NotFound(string path)
        => new($"{path}: no such file.");

    public static CsvInputException EmptyFile(string path)
        => new($"{path}: the file is empty; expected a CSV header line and data rows.");

    public static CsvInputException NoRows(string path)
        => new($"{path}: the file has a header but no data rows.");

    public static CsvInputException Malformed(string path, long line, string detail, Exception? inner = null)
        => new($"{path}: line {line}: {detail}.", inner);

    public static CsvInputException RaggedRow(string path, long line, int fields, int headerFields)
        => new($"{path}: line {line}: {fields} field(s) but the header has {headerFields}.");

    public static CsvInputException MissingColumn(string path, string option, string column, IEnumerable<string> available)
        => new($"{path}: no column '{column}' (given by {option}); the columns are {string.Join(", ", available.Select(a => $"'{a}'"))}.");

    public static CsvInputException NotANumber(string path, long line, string column, string value)
        => new($"{path}: line {line}, column '{column}': '{value}' is not a number.");

    public static CsvInputException MissingValue(string path, long line, string column)
        => new($"{path}: line {line}, column '{column}': the value is empty or NaN; this column needs a finite number on every row.");

    public static CsvInputException NegativeStep(string path, long line, string column, double value)
        => new($"{path}: line {line}, column '{column}': step {Format(value)} is negative; steps count from 0.");

    public static CsvInputException UnsortedStep(string path, long line, string column, double value, double previous)
        => new($"{path}: line {line}, column '{column}': step {Format(value)} does not follow step {Format(previous)}; rows must be sorted by strictly increasing step.");

    public static CsvInputException NonPositiveLoss(string path, long line, string column, double value)
        => new($"{path}: line {line}, column '{column}': loss {Format(value)} is not positive; regimes compare losses relative to the minimum, so they must be above 0.");

    public static CsvInputException NoFiniteValue(string path, string column)
        => new($"{path}: column '{column}' has no finite value on any row.");

    public static CsvInputException EmptyName(string path, long line, string column)
        => new($"{path}: line {line}, column '{column}': the dataset name is empty.");

    public static CsvInputException NaNCeiling(string path, long line, string column)
        => new($"{path}: line {line}, column '{column}': the ceiling is NaN; leave the cell empty to mark a candidate dataset to rank.");

    public static CsvInputException NoFittedDataset(string path, string column)
        => new($"{path}: no row has a value in column '{column}'; at least one dataset with a known ceiling is needed to rank the others.");

    private static string Format(double value) => value.ToString("G10", System.Globalization.CultureInfo.InvariantCulture);
}
