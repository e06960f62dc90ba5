using System.Text.RegularExpressions;

namespace Headroom.Report.Tests;

/// <summary>The report page in a real browser: it loads cleanly and every chart is drawn.</summary>
public sealed partial class BrowserTests
{
    [Fact]
    public void The_demo_report_loads_in_chromium_without_console_errors_and_draws_every_figure()
    {
        // Given the demo study's report on disk
        Chromium.RequireInstalled();
        var study = DemoReport.Study;
        using var folder = new TempFolder();
        var output = Path.Combine(folder.Path, "report");
        StudyReport.Write(study, output);
        var page = Path.Combine(output, StudyReport.PageFile);

        // When the browser loads it
        var (dom, console) = Chromium.DumpDom(page);

        // Then nothing was logged to the console, and each expected figure holds a drawn SVG
        Assert.Empty(console);
        var figures = Figure().Matches(dom).ToDictionary(m => m.Groups["id"].Value, m => m.Groups["body"].Value);
        var expected = study.Branches.Select(b => $"ceiling-{b.Name}")
            .Concat(study.SftRuns.Where(r => r.Regimes is not null).Select(r => $"regimes-{r.Name}"))
            .Concat(study.Decomposition.Keys.Select(k => $"decomposition-{k}"))
            .Append("selection")
            .Append("paradigms")
            .ToList();
        Assert.Equal(expected.Order(), figures.Keys.Order());
        foreach (var (id, body) in figures)
        {
            Assert.True(Drawn().Count(body) >= 10, $"figure {id} draws almost nothing");
        }
    }

    [Fact]
    public void The_committed_lab_study_report_loads_in_chromium_without_console_errors_and_draws_every_figure()
    {
        // Given the report committed under examples/lab-study (the README's showcase) and its results
        Chromium.RequireInstalled();
        var report = SharedData.InRepository("examples", "lab-study", "report");
        using var results = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "results.json")));
        var branches = results.RootElement.GetProperty("branches").GetArrayLength();

        // When the browser loads the page as committed
        var (dom, console) = Chromium.DumpDom(Path.Combine(report, StudyReport.PageFile));

        // Then nothing was logged, every branch has its ceiling chart, and every figure is drawn
        Assert.Empty(console);
        var figures = Figure().Matches(dom).ToDictionary(m => m.Groups["id"].Value, m => m.Groups["body"].Value);
        Assert.Equal(branches, figures.Keys.Count(id => id.StartsWith("ceiling-", StringComparison.Ordinal)));
        Assert.Contains("selection", figures.Keys);
        Assert.Contains("paradigms", figures.Keys);
        foreach (var (id, body) in figures)
        {
            Assert.True(Drawn().Count(body) >= 10, $"figure {id} draws almost nothing");
        }
    }

    [Fact]
    public void Screenshots_of_the_whole_demo_report_are_kept_as_test_artefacts()
    {
        // Given
        Chromium.RequireInstalled();
        using var folder = new TempFolder();
        var output = Path.Combine(folder.Path, "report");
        StudyReport.Write(DemoReport.Study, output);
        var artefacts = SharedData.InRepository("TestResults", "artefacts");
        Directory.CreateDirectory(artefacts);
        foreach (var old in Directory.GetFiles(artefacts, "demo-report*.png"))
        {
            File.Delete(old);
        }

        // When the page is shot in a window taller than it, then cut into screen-high pieces
        var full = Path.Combine(artefacts, "demo-report.png");
        Chromium.Screenshot(Path.Combine(output, StudyReport.PageFile), full, 1280, ScreenshotPieces.WindowHeight);
        var pieces = ScreenshotPieces.Cut(full, Path.Combine(artefacts, "demo-report"));

        // Then the whole page fitted in the window, every section is in a piece, and no piece is blank
        Assert.True(pieces.PageHeight < ScreenshotPieces.WindowHeight, $"the page reaches the bottom of a {ScreenshotPieces.WindowHeight} px window, so the screenshot is cut");
        Assert.True(pieces.PageHeight > 6000, $"the page is only {pieces.PageHeight} px high: five sections with 21 branch charts take more");
        Assert.Equal((pieces.PageHeight + ScreenshotPieces.PieceHeight - 1) / ScreenshotPieces.PieceHeight, pieces.Files.Count);
        foreach (var piece in pieces.Files)
        {
            Assert.True(new FileInfo(piece).Length > 20_000, $"{Path.GetFileName(piece)} is almost blank ({new FileInfo(piece).Length} bytes)");
        }
    }

    [Fact]
    public void The_page_is_self_contained_no_script_no_network()
    {
        // When
        var html = StudyReport.Page(DemoReport.Study);

        // Then
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"(src|href)\s*=\s*""(https?:)?//", html);
        Assert.DoesNotContain("@import", html, StringComparison.Ordinal);
        Assert.Contains("<section class=\"recommendation\"", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("<figure class=\"[^\"]*\" data-chart=\"(?<id>[^\"]+)\">(?<body>.*?)</figure>", RegexOptions.Singleline)]
    private static partial Regex Figure();

    [GeneratedRegex("<(path|polyline|line|circle|rect)\\b")]
    private static partial Regex Drawn();
}
