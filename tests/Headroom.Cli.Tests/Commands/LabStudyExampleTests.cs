using System.Text.Json;
using Headroom.Cli.Tests.Data;

namespace Headroom.Cli.Tests.Commands;

/// <summary>
/// The lab study committed under examples/lab-study (a `headroom lab study` run, its logs and its
/// report): `analyze` on it reproduces the committed results, and what it says respects facts known without the
/// fit — an accuracy cannot pass 100, and the size and sign of the correlation decide the sentence about it.
/// </summary>
public sealed class LabStudyExampleTests : IDisposable
{
    private static readonly string _example = SharedData.InRepository("examples", "lab-study");

    private readonly TempFolder _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Analyze_on_the_committed_lab_study_reproduces_its_committed_results()
    {
        // Given the committed study and its report
        var committed = JsonDocument.Parse(File.ReadAllText(Path.Combine(_example, "report", "results.json"))).RootElement;

        // When it is analysed again (the manifest's 1000 resamples and seed)
        var report = Path.Combine(_files.Path, "report");
        var analyze = CliResult.Run("analyze", Path.Combine(_example, "study.yaml"), "--out", report, "--no-progress");

        // Then the recommendation and every branch's ceiling and interval are the committed ones
        Assert.Equal(0, analyze.ExitCode);
        var fresh = JsonDocument.Parse(File.ReadAllText(Path.Combine(report, "results.json"))).RootElement;
        Assert.Equal(committed.GetProperty("recommendation").GetString(), fresh.GetProperty("recommendation").GetString());
        Assert.Equal(Ceilings(committed), Ceilings(fresh));
    }

    [Fact]
    public void A_ceiling_above_100_points_is_never_called_identified_and_the_correlation_sentence_follows_the_size_and_sign_of_r()
    {
        // Given the committed results: headline accuracies in points, so no ceiling can pass 100
        var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(_example, "report", "results.json"))).RootElement;

        // When each branch's A_post, interval and warnings are read
        var branches = results.GetProperty("branches").EnumerateArray().Select(b => (
            Name: b.GetProperty("run").GetString()!,
            APost: b.GetProperty("a_post").GetDouble(),
            Low: b.GetProperty("a_post_ci")[0] is { ValueKind: JsonValueKind.Number } low ? low.GetDouble() : double.NaN,
            NotIdentified: b.GetProperty("warnings").EnumerateArray().Any(w => w.GetProperty("code").GetString() == "ceiling_not_identified"))).ToList();

        // Then every ceiling whose whole interval lies above 100 is flagged, and the recommendation reads the
        // correlation as its size and sign give (no relation below |r| = 0.3; the paper's r = -0.92 is negative)
        Assert.All(branches.Where(b => b.Low > 100), b => Assert.True(b.NotIdentified, $"{b.Name}: A_post {b.APost} above 100 is called identified"));
        var r = results.GetProperty("selection").GetProperty("pearson_r").GetDouble();
        var recommendation = results.GetProperty("recommendation").GetString()!;
        var expected = Math.Abs(r) < 0.3 ? "does not predict the ceiling (Pearson r" : r < 0 ? "predicts a higher ceiling (Pearson r" : "goes with a lower ceiling (Pearson r";
        Assert.Contains(expected, recommendation, StringComparison.Ordinal);
        Assert.Equal(r >= 0.3, recommendation.Contains("the opposite of the paper's finding", StringComparison.Ordinal));
    }

    private static List<string> Ceilings(JsonElement results)
        => [.. results.GetProperty("branches").EnumerateArray().Select(b => $"{b.GetProperty("run").GetString()} {b.GetProperty("a_post").GetDouble():R} {b.GetProperty("a_post_ci")}")];
}
