using System.Text;
using System.Text.Json;
using Headroom.Study;

namespace Headroom.Report;

/// <summary>
/// Writes a study's report into a folder: `index.html` (one self-contained page: inline SVG charts, no network, no
/// script needed to read it), `results.json` (everything on the page, for scripts) and `summary.md`. The folder
/// is written whole or not at all: the files go to a temporary folder beside it, which then replaces it.
/// </summary>
public static class StudyReport
{
    /// <summary>The page's file name.</summary>
    public const string PageFile = "index.html";

    /// <summary>The machine-readable results' file name.</summary>
    public const string ResultsFile = "results.json";

    /// <summary>The Markdown summary's file name.</summary>
    public const string SummaryFile = "summary.md";

    /// <summary>Writes the three files into <paramref name="folder"/> (created, or replaced whole).</summary>
    public static void Write(StudyResult study, string folder)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(folder);
        var target = Path.GetFullPath(folder);
        var parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(target))!;
        Directory.CreateDirectory(parent);
        var temporary = Path.Combine(parent, $".{Path.GetFileName(Path.TrimEndingDirectorySeparator(target))}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temporary);
        try
        {
            var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
            File.WriteAllText(Path.Combine(temporary, ResultsFile), Results(study) + "\n", utf8);
            File.WriteAllText(Path.Combine(temporary, SummaryFile), Summary(study), utf8);
            File.WriteAllText(Path.Combine(temporary, PageFile), Page(study), utf8);
            Replace(temporary, target);
        }
        catch
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }

            throw;
        }
    }

    /// <summary>The text of `results.json`.</summary>
    public static string Results(StudyResult study) => JsonSerializer.Serialize(ResultsDocument.From(study), JsonConvention.Options);

    /// <summary>The text of `summary.md`.</summary>
    public static string Summary(StudyResult study) => SummaryMarkdown.Of(study);

    /// <summary>The text of `index.html`.</summary>
    public static string Page(StudyResult study) => HtmlPage.Of(study);

    /// <summary>Moves the finished folder into place; an existing report is moved aside first and deleted after.</summary>
    private static void Replace(string finished, string target)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(finished, target);
            return;
        }

        var old = finished + ".old";
        Directory.Move(target, old);
        Directory.Move(finished, target);
        Directory.Delete(old, recursive: true);
    }
}
