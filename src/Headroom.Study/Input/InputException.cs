using Headroom.Core;

namespace Headroom.Study;

/// <summary>
/// A CSV table given on the command line that cannot be used. Every message names the file and, where
/// there is one, the line and column, and quotes the bad value.
/// </summary>
internal sealed class InputException : HeadroomException
{
    private InputException(string message, Exception? inner = null)
        : base(message, inner ?? new InvalidDataException(message))
    {
    }

    public static InputException NotFound(string path)
        => new($"{path}: no such file.");

    public static InputException EmptyFile(string path)
        => new($"{path}: the file is empty; expected a CSV header line and data rows.");

    public static InputException NoRows(string path)
        => new($"{path}: the file has a header but no data rows.");

    public static InputException Malformed(string path, long line, string detail, Exception? inner = null)
        => new($"{path}: line {line}: {detail}.", inner);

    public static InputException RaggedRow(string path, long line, int fields, int headerFields)
        => new($"{path}: line {line}: {fields} field(s) but the header has {headerFields}.");

    public static InputException MissingColumn(string path, string option, string column, IEnumerable<string> available)
        => new($"{path}: no column '{column}' (given by {option}); the columns are {string.Join(", ", available.Select(a => $"'{a}'"))}.");

    public static InputException NotANumber(string path, long line, string column, string value)
        => new($"{path}: line {line}, column '{column}': '{value}' is not a number.");

    public static InputException MissingValue(string path, long line, string column)
        => new($"{path}: line {line}, column '{column}': the value is empty or NaN; this column needs a finite number on every row.");

    public static InputException NegativeStep(string path, long line, string column, double value)
        => new($"{path}: line {line}, column '{column}': step {Format(value)} is negative; steps count from 0.");

    public static InputException UnsortedStep(string path, long line, string column, double value, double previous)
        => new($"{path}: line {line}, column '{column}': step {Format(value)} does not follow step {Format(previous)}; rows must be sorted by strictly increasing step.");

    public static InputException NonPositiveLoss(string path, long line, string column, double value)
        => new($"{path}: line {line}, column '{column}': loss {Format(value)} is not positive; regimes compare losses relative to the minimum, so they must be above 0.");

    public static InputException StepWithoutLoss(string path)
        => new($"{path}: --step names a CSV column, so --loss must name the validation-loss column too.");

    public static InputException CsvWithoutColumns(string path)
        => new($"{path}: not a trainer log Headroom recognises; for a plain CSV name the columns with --step and --loss.");

    public static InputException NegativeLogStep(string where, double step)
        => new($"{where}: step {Format(step)} is negative; steps count from 0.");

    public static InputException NonPositiveLogLoss(string where, double step, double loss)
        => new($"{where}: step {Format(step)}: loss {Format(loss)} is not positive; regimes compare losses relative to the minimum, so they must be above 0.");

    public static InputException NoLossSeries(string path, string wanted, bool isDefault, string keys)
        => new(keys.Length == 0
            ? $"{path}: the logs found there hold no series at all; a validation loss ('{wanted}') is needed."
            : $"{path}: no series '{wanted}'{(isDefault ? " (the canonical SFT validation loss, e.g. HF's eval_loss)" : string.Empty)} in the logs found there; name one with --loss KEY. Keys found: {keys}.");

    public static InputException SeveralLossSeries(string path, string wanted, IEnumerable<string> found)
        => new($"{path}: several series match '{wanted}' ({string.Join("; ", found)}); name one with --loss KEY, or give one run's folder or file.");

    public static InputException NoFiniteValue(string path, string column)
        => new($"{path}: column '{column}' has no finite value on any row.");

    public static InputException EmptyName(string path, long line, string column)
        => new($"{path}: line {line}, column '{column}': the dataset name is empty.");

    public static InputException NaNCeiling(string path, long line, string column)
        => new($"{path}: line {line}, column '{column}': the ceiling is NaN; leave the cell empty to mark a candidate dataset to rank.");

    public static InputException NoFittedDataset(string path, string column)
        => new($"{path}: no row has a value in column '{column}'; at least one dataset with a known ceiling is needed to rank the others.");

    public static InputException InvalidSetting(string path, int entry, string detail)
        => new($"{path}: settings entry {entry + 1}: {detail}.");

    public static InputException NegativeCompute(string path, long line, string column, double value)
        => new($"{path}: line {line}: column '{column}' holds negative compute {Format(value)}; RL compute is measured from the branch point and cannot be negative.");

    public static InputException NoPSft(string path, string group)
        => new($"{path}: branch '{group}' has no P_sft; give --p-sft VALUE, --p-sft-from FILE with a row for it, or a row with compute 0 in the branch.");

    public static InputException ConflictingPSft(string path, long line, string group)
        => new($"{path}: line {line}: branch '{group}' has a second row at compute 0; keep one measurement of the branch point.");

    public static InputException NoSettingsFor(string path, IEnumerable<string> groups)
        => new($"{path}: no settings for branch(es) {string.Join(", ", groups.Select(g => $"'{g}'"))}; add them to the file or fit them in --mode auto or the default mode.");

    public static InputException PaperModeNeedsSettings()
        => new("--mode paper needs the per-branch settings: give --settings FILE or --fit-points N (with --tau, --lts-alpha, --free-offset as needed).");

    private static string Format(double value) => value.ToString("G10", System.Globalization.CultureInfo.InvariantCulture);
}
