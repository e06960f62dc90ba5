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
    public void A_screenshot_of_the_demo_report_is_kept_as_a_test_artefact()
    {
        // Given
        Chromium.RequireInstalled();
        using var folder = new TempFolder();
        var output = Path.Combine(folder.Path, "report");
        StudyReport.Write(DemoReport.Study, output);
        var artefacts = SharedData.InRepository("TestResults", "artefacts");
        Directory.CreateDirectory(artefacts);
        var png = Path.Combine(artefacts, "demo-report.png");
        File.Delete(png);

        // When
        Chromium.Screenshot(Path.Combine(output, StudyReport.PageFile), png, 1280, 6000);

        // Then a full picture was taken (a blank page compresses to a few kB)
        Assert.True(File.Exists(png), "no screenshot was written");
        Assert.True(new FileInfo(png).Length > 200_000, $"the screenshot is only {new FileInfo(png).Length} bytes");
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
