using System.Globalization;
using System.Text.Json;
using Headroom.Core.Fitting;

namespace Headroom.Core.Tests.Data;

/// <summary>
/// Branch curves in the layout of the paper's release (../shared/retu/README.md): SFT scores, RL branches, per-branch
/// settings and the expected fits, as the paper's SFT889K files or the committed regression curves.
/// </summary>
internal sealed record RetuCurves(
    IReadOnlyDictionary<int, double> SftScores,
    IReadOnlyDictionary<int, (double[] X, double[] Y)> Branches,
    IReadOnlyDictionary<int, FitSettings> Settings,
    IReadOnlyDictionary<int, (double PSft, double PL, double CMid, double B, double APost)> Table4)
{
    /// <summary>The paper's released SFT889K curves (../shared/retu); skips the calling test when absent.</summary>
    public static RetuCurves Load() => Read(SharedData.RequireFolder("retu"), "sft889k_", "sft889k_expected_table4.csv");

    /// <summary>
    /// The files <paramref name="prefix"/>sft_scores.csv, <paramref name="prefix"/><paramref name="branchFile"/> (the RL
    /// branches, retu's rl_branches.csv), <paramref name="prefix"/>fit_settings.json and <paramref name="expected"/> in <paramref name="folder"/>.
    /// </summary>
    public static RetuCurves Read(string folder, string prefix, string expected, string branchFile = "rl_branches.csv")
    {
        var scores = ReadCsv(Path.Combine(folder, prefix + "sft_scores.csv"))
            .ToDictionary(r => (int)r["sft_step"], r => r["overall"]);

        var branches = ReadCsv(Path.Combine(folder, prefix + branchFile))
            .GroupBy(r => (int)r["sft_step"])
            .ToDictionary(
                g => g.Key,
                g =>
                {
                    // The branch point (0, 0) first, then (rl_ef, overall - P_sft) sorted by compute (retu/README.md).
                    var points = g.Select(r => (X: r["rl_ef"], Y: r["overall"] - scores[g.Key])).OrderBy(p => p.X).ToList();
                    return (new[] { 0.0 }.Concat(points.Select(p => p.X)).ToArray(), new[] { 0.0 }.Concat(points.Select(p => p.Y)).ToArray());
                });

        using var settingsJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, prefix + "fit_settings.json")));
        var settings = settingsJson.RootElement.EnumerateArray().ToDictionary(
            e => e.GetProperty("sft_step").GetInt32(),
            e =>
            {
                var split = e.GetProperty("train_split");
                var fitPoints = e.GetProperty("fit_points_num").GetInt32();
                var alpha = e.GetProperty("lts_alpha");
                return new FitSettings
                {
                    TrainStart = split.ValueKind == JsonValueKind.Array ? split[0].GetInt32() : 0,
                    TrainEnd = split.ValueKind == JsonValueKind.Array ? split[1].GetInt32() : fitPoints,
                    LtsAlpha = alpha.ValueKind == JsonValueKind.Number ? alpha.GetDouble() : null,
                    OutlierThreshold = e.GetProperty("outlier_threshold").GetDouble(),
                    FreeOffset = e.GetProperty("free_c0").GetBoolean(),
                };
            });

        var table4 = ReadCsv(Path.Combine(folder, expected)).ToDictionary(
            r => (int)r["sft_step"],
            r => (r["p_sft"], r["pl_rl"], r["c_mid_ef"], r["b"], r["a_post"]));
        return new RetuCurves(scores, branches, settings, table4);
    }

    private static List<Dictionary<string, double>> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',');
        return lines.Skip(1)
            .Select(line => line.Split(',')
                .Select((cell, i) => (header[i], double.Parse(cell, CultureInfo.InvariantCulture)))
                .ToDictionary(c => c.Item1, c => c.Item2))
            .ToList();
    }
}
