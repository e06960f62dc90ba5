using System.Text.Json;
using Headroom.Study;

namespace Headroom.Report.Tests;

public sealed class StudyReportTests
{
    [Fact]
    public void Writing_a_report_replaces_the_folder_whole_and_leaves_no_temporary_folder()
    {
        // Given a folder holding an older report and a stray file
        using var folder = new TempFolder();
        var output = folder.Folder("report");
        File.WriteAllText(Path.Combine(output, "stale.txt"), "old");

        // When
        StudyReport.Write(DemoReport.Study, output);

        // Then only the three new files are there, and nothing else was left beside it
        Assert.Equal(["index.html", "results.json", "summary.md"], Directory.GetFiles(output).Select(Path.GetFileName).Order());
        Assert.Equal([output], Directory.GetDirectories(folder.Path));
    }

    [Fact]
    public void Results_json_holds_the_fields_scripts_rely_on()
    {
        // When
        using var json = JsonDocument.Parse(StudyReport.Results(DemoReport.Study));
        var root = json.RootElement;

        // Then
        Assert.Equal("Demo study (simulated Qwen2.5-7B)", root.GetProperty("study").GetString());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("recommendation").GetString()));
        var branch = root.GetProperty("branches").EnumerateArray().First(b => b.GetProperty("run").GetString() == "hard102k-step1200");
        foreach (var field in (string[])["run", "from", "sft_step", "p_sft", "a_post", "a_post_ci", "pl_rl", "c_mid", "b", "method", "flags"])
        {
            Assert.True(branch.TryGetProperty(field, out _), $"branches[].{field} is missing");
        }

        Assert.Equal("hard102k", branch.GetProperty("from").GetString());
        Assert.Equal(1200, branch.GetProperty("sft_step").GetDouble());
        Assert.Equal(2, branch.GetProperty("a_post_ci").GetArrayLength());
        var regimes = root.GetProperty("regimes").EnumerateArray().Single(r => r.GetProperty("run").GetString() == "hard102k");
        Assert.Equal(DemoReport.Study.SftRuns.Single(r => r.Name == "hard102k").RecommendedSwitch!.Step, regimes.GetProperty("recommended_step").GetDouble());
        var selection = root.GetProperty("selection");
        Assert.True(selection.GetProperty("pearson_r").GetDouble() < 0);
        Assert.True(selection.TryGetProperty("spearman_rho", out _));
        Assert.Equal(["SFT-then-RL", "Pure-SFT", "Pure-RL (dapo)", "LUFFY", "SRFT"], root.GetProperty("paradigms").EnumerateArray().Select(p => p.GetProperty("label").GetString()));
    }

    [Fact]
    public void The_first_tile_calls_the_best_branch_the_highest_ceiling_only_when_no_identified_alternative_is_higher()
    {
        // Given the demo study, whose best branch tops every paradigm, and the same study with one identified
        // Pure-RL or synchronized paradigm 2 points above that branch
        var demo = DemoReport.Study;
        var best = demo.BestBranch!.Ceiling.APost;
        var alternative = demo.Paradigms.First(p => p.Paradigm is Paradigm.PureRl or Paradigm.Synchronized);
        var higher = demo with { Paradigms = [.. demo.Paradigms.Select(p => p == alternative ? p with { Ceiling = best + 2, Identified = true } : p)] };

        // When
        var asIs = StudyReport.Page(demo);
        var outranked = StudyReport.Page(higher);

        // Then
        Assert.Contains("<span class=\"label\">Highest ceiling</span>", asIs, StringComparison.Ordinal);
        Assert.DoesNotContain("Highest SFT-then-RL ceiling", asIs, StringComparison.Ordinal);
        Assert.Contains("<span class=\"label\">Highest SFT-then-RL ceiling</span>", outranked, StringComparison.Ordinal);
    }

    [Fact]
    public void The_best_paradigm_tile_shows_its_ceiling_with_its_interval()
    {
        // Given the demo study with one identified alternative above every other paradigm, its interval 70.0–90.0
        var demo = DemoReport.Study;
        var alternative = demo.Paradigms.First(p => p.Paradigm is Paradigm.PureRl or Paradigm.Synchronized);
        var top = demo.Paradigms.Max(p => p.Ceiling) + 2;
        var raised = alternative with { Ceiling = top, CeilingInterval = new(70, 90), Identified = true };
        var widest = demo with { Paradigms = [raised, .. demo.Paradigms.Where(p => p != alternative)] }; // a study lists its paradigms highest first

        // When
        var page = StudyReport.Page(widest);

        // Then the tile names it, its ceiling and the interval a reader needs to judge it
        var expected = $"<span class=\"label\">Best paradigm</span><span class=\"value\">{alternative.Label}</span><span class=\"detail\">ceiling {top.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)}, interval 70.0–90.0</span>";
        Assert.Contains(expected, page, StringComparison.Ordinal);
    }
}
