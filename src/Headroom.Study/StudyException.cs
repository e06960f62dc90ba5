using System.Globalization;
using Headroom.Core;

namespace Headroom.Study;

/// <summary>
/// A study manifest that cannot be used, or a run it names that does not fit the manifest. Every message names
/// the manifest, the line and the field (e.g. <c>rl[2].from</c>), quotes the bad value and says how to fix it.
/// </summary>
public sealed class StudyException : HeadroomException
{
    private StudyException(string message, Exception? inner = null)
        : base(message, inner ?? new InvalidDataException(message))
    {
    }

    /// <summary>The manifest does not exist.</summary>
    public static StudyException NotFound(string path)
        => new($"{path}: no such study manifest; write one with 'headroom init RUN_FOLDER... --out {Path.GetFileName(path)}'.");

    /// <summary>The manifest is not YAML.</summary>
    public static StudyException NotYaml(string path, long? line, string detail, Exception inner)
        => new($"{path}: {(line is { } l ? $"line {l}: " : string.Empty)}the manifest does not parse as YAML ({detail.TrimEnd('.')}).", inner);

    /// <summary>A field has a value that cannot be used.</summary>
    public static StudyException Field(string path, long line, string field, string detail)
        => new($"{path}: {Where(line, field)}: {detail.TrimEnd('.')}.");

    /// <summary>A required field is missing from a section.</summary>
    public static StudyException Missing(string path, long line, string field, string hint)
        => new($"{path}: line {line}: '{field}' is missing; {hint.TrimEnd('.')}.");

    /// <summary>A field the manifest format does not know (a typo would otherwise be ignored silently).</summary>
    public static StudyException UnknownField(string path, long line, string field, IEnumerable<string> known)
        => new($"{path}: line {line}: unknown field '{field}'; the fields here are {string.Join(", ", known)}.");

    /// <summary>A TODO that `headroom init` left for the user.</summary>
    public static StudyException Todo(string path, long line, string text)
        => new($"{path}: line {line}: a TODO left by 'headroom init' is still open ({text.Trim()}); fill it in (or delete the line) before analysing.");

    /// <summary>A run named by the manifest yields no usable data.</summary>
    public static StudyException Run(string path, long line, string field, string detail)
        => new($"{path}: {Where(line, field)}: {detail.TrimEnd('.')}.");

    /// <summary>A run's logs could not be read.</summary>
    public static StudyException Unreadable(string path, long line, string field, HeadroomException inner)
        => new($"{path}: {Where(line, field)}: {inner.Message.TrimEnd('.')}.", inner);

    /// <summary>The manifest line and field; a study made without a manifest file (line 0) has only the field.</summary>
    private static string Where(long line, string field) => line > 0 ? $"line {line}, field '{field}'" : field;

    internal static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
