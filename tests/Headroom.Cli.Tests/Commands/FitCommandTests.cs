using System.Globalization;
using System.Text;
using Headroom.Cli.Tests.Data;

namespace Headroom.Cli.Tests.Commands;

public sealed class FitCommandTests : IDisposable
{
    private readonly TempFolder _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Paper_mode_on_the_released_curves_reproduces_table_4_in_the_documented_json()
    {
        // Given the paper's files, read where they live
        var retu = SharedData.RequireFolder("retu");

        // When
        var result = CliResult.Run(
            "fit", Path.Combine(retu, "sft889k_rl_branches.csv"), "--x", "rl_ef", "--y", "overall", "--group", "sft_step",
            "--p-sft-from", Path.Combine(retu, "sft889k_sft_scores.csv"), "--settings", Path.Combine(retu, "sft889k_fit_settings.json"),
            "--mode", "paper", "--format", "json", "--bootstrap", "100");

        // Then every branch is there with the documented fields, and a_post matches Table 4
        Assert.Equal(0, result.ExitCode);
        var expected = File.ReadAllLines(Path.Combine(retu, "sft889k_expected_table4.csv")).Skip(1)
            .Select(line => line.Split(','))
            .ToDictionary(f => f[0], f => double.Parse(f[7], CultureInfo.InvariantCulture));
        var fits = result.Json.GetProperty("fits").EnumerateArray().ToList();
        Assert.Equal(expected.Count, fits.Count);
        var within = 0;
        foreach (var fit in fits)
        {
            foreach (var field in new[] { "group", "p_sft", "a_post", "pl_rl", "eps", "c_mid", "b", "a_post_ci", "r2_train", "r2_val", "rmse_val", "method", "outliers", "warnings" })
            {
                Assert.True(fit.TryGetProperty(field, out _), $"missing field {field}");
            }

            var aPost = fit.GetProperty("a_post").GetDouble();
            Precision.AssertWithin(aPost, fit.GetProperty("p_sft").GetDouble() + fit.GetProperty("pl_rl").GetDouble(), 1e-9, "a_post = p_sft + pl_rl");
            var error = Math.Abs(aPost - expected[fit.GetProperty("group").GetString()!]);
            Assert.True(error <= 1.5, $"branch {fit.GetProperty("group")} is {error:F2} away from Table 4");
            within += error <= 0.5 ? 1 : 0;
            Assert.Equal(2, fit.GetProperty("a_post_ci").GetArrayLength());
            Assert.Contains(fit.GetProperty("a_post_ci_kind").GetString(), new[] { "two_sided", "lower_bound" });
            Assert.Equal("sigmoid", fit.GetProperty("method").GetString());
        }

        Assert.True(within >= expected.Count - 1, $"only {within} of {expected.Count} within ±0.5");
    }

    [Fact]
    public void A_single_curve_with_p_sft_gives_its_ceiling_in_a_table()
    {
        // Given scores 70 + 8 / (1 + (10/x)^1.5) at x = 2, 4, ... 40
        var path = _files.Write("one.csv", Csv("rl_ef,score", Enumerable.Range(1, 20).Select(j => (2.0 * j, 70 + (8 / (1 + Math.Pow(10 / (2.0 * j), 1.5)))))));

        // When
        var result = CliResult.Run("fit", path, "--x", "rl_ef", "--y", "score", "--p-sft", "70", "--bootstrap", "50");

        // Then
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("78.00", result.Output, StringComparison.Ordinal);
        Assert.Contains("A_post", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ceiling_above_the_score_max_is_flagged_not_identified()
    {
        // Given a curve bending inside its data towards 60 + 50 = 110, as if an accuracy could pass 100
        var path = _files.Write("beyond.csv", Csv("rl_ef,score", Enumerable.Range(1, 20).Select(j => (2.0 * j, 60 + (50 / (1 + Math.Pow(10 / (2.0 * j), 1.5)))))));

        // When it is fitted as a score without a maximum and as an accuracy in points
        var free = CliResult.Run("fit", path, "--x", "rl_ef", "--y", "score", "--p-sft", "60", "--bootstrap", "0", "--format", "json");
        var accuracy = CliResult.Run("fit", path, "--x", "rl_ef", "--y", "score", "--p-sft", "60", "--bootstrap", "0", "--score-max", "100", "--format", "json");

        // Then only the accuracy's ceiling of 110 is called not identified
        Assert.Equal(0, free.ExitCode);
        Assert.Equal(0, accuracy.ExitCode);
        Assert.DoesNotContain("ceiling_not_identified", free.Output, StringComparison.Ordinal);
        Assert.Contains("highest score possible (100)", accuracy.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_curve_still_rising_prints_its_interval_as_a_lower_bound()
    {
        // Given exact scores up to x = 20 of a law with C_mid = 25: the data end well before the ceiling (80)
        var path = _files.Write("rising.csv", Csv("rl_ef,score", Enumerable.Range(1, 20).Select(j => ((double)j, 70 + (10 / (1 + Math.Pow(25.0 / j, 1.5)))))));

        // When fitted as a table and as JSON
        var table = CliResult.Run("fit", path, "--x", "rl_ef", "--y", "score", "--p-sft", "70", "--bootstrap", "100", "--no-progress");
        var json = CliResult.Run("fit", path, "--x", "rl_ef", "--y", "score", "--p-sft", "70", "--bootstrap", "100", "--no-progress", "--format", "json");

        // Then the interval is a lower bound: "≥ low" in the table, a_post_ci_kind = lower_bound in JSON
        Assert.Contains("≥ ", table.Output, StringComparison.Ordinal);
        var fit = json.Json.GetProperty("fits")[0];
        Assert.Equal("lower_bound", fit.GetProperty("a_post_ci_kind").GetString());
        Assert.Equal(2, fit.GetProperty("a_post_ci").GetArrayLength());
    }

    [Fact]
    public void P_sft_comes_from_the_branch_row_at_compute_zero_when_not_given()
    {
        var rows = new[] { (0.0, 70.0) }.Concat(Enumerable.Range(1, 20).Select(j => (2.0 * j, 70 + (8 / (1 + Math.Pow(10 / (2.0 * j), 1.5))))));
        var path = _files.Write("zero.csv", Csv("rl_ef,score", rows));

        var result = CliResult.Run("fit", path, "--x", "rl_ef", "--y", "score", "--format", "json", "--bootstrap", "0");

        Assert.Equal(0, result.ExitCode);
        var fit = result.Json.GetProperty("fits")[0];
        Assert.Equal(70, fit.GetProperty("p_sft").GetDouble());
        Assert.Equal(20, fit.GetProperty("evaluations").GetInt32());
        Precision.AssertClose(78, fit.GetProperty("a_post").GetDouble(), 6);
    }

    [Fact]
    public void Csv_output_has_one_row_per_branch_with_interval_columns()
    {
        var path = _files.Write("one.csv", Csv("rl_ef,score", Enumerable.Range(1, 20).Select(j => (2.0 * j, 70 + (8 / (1 + Math.Pow(10 / (2.0 * j), 1.5)))))));

        var result = CliResult.Run("fit", path, "--x", "rl_ef", "--y", "score", "--p-sft", "70", "--format", "csv", "--bootstrap", "20");

        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("group,p_sft,a_post,a_post_ci_low,a_post_ci_high,", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_is_a_one_line_error()
    {
        _files.Write("empty.csv", string.Empty);
        var line = CliResult.Run("fit", Path.Combine(_files.Path, "empty.csv"), "--x", "x", "--y", "y", "--p-sft", "1").AssertBadInput();
        Assert.Contains("empty", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_column_names_the_option_and_lists_the_columns()
    {
        var path = _files.Write("a.csv", "rl_ef,score\n1,2\n");
        var line = CliResult.Run("fit", path, "--x", "compute", "--y", "score", "--p-sft", "1").AssertBadInput();
        Assert.Contains("compute", line, StringComparison.Ordinal);
        Assert.Contains("rl_ef", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_NaN_score_names_the_file_line_and_column()
    {
        var path = _files.Write("nan.csv", "rl_ef,score\n1,71\n2,NaN\n3,73\n");
        var line = CliResult.Run("fit", path, "--x", "rl_ef", "--y", "score", "--p-sft", "70").AssertBadInput();
        Assert.Contains("nan.csv: line 3", line, StringComparison.Ordinal);
        Assert.Contains("score", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_compute_is_rejected_with_its_line()
    {
        var path = _files.Write("neg.csv", "rl_ef,score\n1,71\n-2,72\n");
        var line = CliResult.Run("fit", path, "--x", "rl_ef", "--y", "score", "--p-sft", "70").AssertBadInput();
        Assert.Contains("line 3", line, StringComparison.Ordinal);
        Assert.Contains("negative compute -2", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_group_without_p_sft_is_named()
    {
        var path = _files.Write("g.csv", "step,rl_ef,score\n5,1,71\n5,2,72\n");
        var scores = _files.Write("s.csv", "step,score\n0,40\n");
        var line = CliResult.Run("fit", path, "--x", "rl_ef", "--y", "score", "--group", "step", "--p-sft-from", scores).AssertBadInput();
        Assert.Contains("'5'", line, StringComparison.Ordinal);
        Assert.Contains("P_sft", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void One_or_two_points_give_a_flagged_peak_and_exit_code_1(int points)
    {
        // Given a curve too short to fit
        var path = _files.Write("short.csv", Csv("rl_ef,score", Enumerable.Range(1, points).Select(j => ((double)j, 70.0 + j))));

        // When
        var result = CliResult.Run("fit", path, "--x", "rl_ef", "--y", "score", "--p-sft", "70", "--format", "json", "--no-progress");

        // Then the output says peak with its warning, and stderr one line without a stack trace
        Assert.Equal(1, result.ExitCode);
        var fit = result.Json.GetProperty("fits")[0];
        Assert.Equal("peak", fit.GetProperty("method").GetString());
        Assert.Equal(70.0 + points, fit.GetProperty("a_post").GetDouble());
        Assert.Contains(fit.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == "peak_fallback");
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("could not be fitted", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Constant_scores_give_a_flagged_peak_and_exit_code_1()
    {
        var path = _files.Write("flat.csv", Csv("rl_ef,score", Enumerable.Range(1, 10).Select(j => ((double)j, 75.0))));

        var result = CliResult.Run("fit", path, "--x", "rl_ef", "--y", "score", "--p-sft", "75", "--format", "json", "--no-progress");

        Assert.Equal(1, result.ExitCode);
        var warning = result.Json.GetProperty("fits")[0].GetProperty("warnings").EnumerateArray().Single(w => w.GetProperty("code").GetString() == "peak_fallback");
        Assert.Contains("constant", warning.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Unsorted_compute_is_fitted_and_flagged()
    {
        var rows = Enumerable.Range(1, 20).Select(j => (2.0 * j, 70 + (8 / (1 + Math.Pow(10 / (2.0 * j), 1.5))))).Reverse();
        var path = _files.Write("rev.csv", Csv("rl_ef,score", rows));

        var result = CliResult.Run("fit", path, "--x", "rl_ef", "--y", "score", "--p-sft", "70", "--format", "json", "--bootstrap", "0");

        Assert.Equal(0, result.ExitCode);
        var fit = result.Json.GetProperty("fits")[0];
        Assert.Contains(fit.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == "unsorted_compute");
        Precision.AssertClose(78, fit.GetProperty("a_post").GetDouble(), 6);
    }

    [Fact]
    public void Paper_mode_without_settings_is_a_one_line_error()
    {
        var path = _files.Write("a.csv", "rl_ef,score\n1,71\n2,72\n");
        var line = CliResult.Run("fit", path, "--x", "rl_ef", "--y", "score", "--p-sft", "70", "--mode", "paper").AssertBadInput();
        Assert.Contains("--settings", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_settings_file_names_the_file()
    {
        var path = _files.Write("a.csv", "step,rl_ef,score\n1,1,71\n1,2,72\n");
        var settings = _files.Write("s.json", "[{\"sft_step\": 1, \"lts_alpha\": \"much\"}]");
        var line = CliResult.Run("fit", path, "--x", "rl_ef", "--y", "score", "--group", "step", "--p-sft", "70", "--mode", "paper", "--settings", settings).AssertBadInput();
        Assert.Contains("s.json: settings entry 1", line, StringComparison.Ordinal);
        Assert.Contains("lts_alpha", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_simulated_study_is_fitted_with_intervals_that_cover_most_true_ceilings()
    {
        // Given a simulated study (the simulator's truth is independent of the fitter)
        var folder = Path.Combine(_files.Path, "sim");
        Assert.Equal(0, CliResult.Run("simulate", "--out", folder, "--seed", "4").ExitCode);

        // When it is fitted in the default mode
        var result = CliResult.Run(
            "fit", Path.Combine(folder, "rl_curves.csv"), "--x", "rl_ef", "--y", "overall", "--group", "sft_step",
            "--p-sft-from", Path.Combine(folder, "sft_scores.csv"), "--val-loss", "val_loss", "--format", "json", "--bootstrap", "300", "--no-progress");

        // Then most true ceilings lie in their intervals, the Pure-RL branch is recognised and a summary is given
        Assert.Equal(0, result.ExitCode);
        using var truth = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "truth.json")));
        var trueCeilings = truth.RootElement.GetProperty("branches").EnumerateArray().ToDictionary(b => b.GetProperty("sft_step").GetInt32().ToString(CultureInfo.InvariantCulture), b => b.GetProperty("a_post").GetDouble());
        var fits = result.Json.GetProperty("fits").EnumerateArray().ToList();
        var covered = fits.Count(f => f.GetProperty("a_post_ci")[0].GetDouble() <= trueCeilings[f.GetProperty("group").GetString()!]
            && trueCeilings[f.GetProperty("group").GetString()!] <= f.GetProperty("a_post_ci")[1].GetDouble());
        Assert.True(covered >= fits.Count - 2, $"{covered} of {fits.Count} intervals cover the truth");
        Assert.True(fits[0].GetProperty("role").GetProperty("pure_rl").GetBoolean());
        Assert.Equal("0", result.Json.GetProperty("summary").GetProperty("pure_rl_group").GetString());
    }

    private static string Csv(string header, IEnumerable<(double X, double Y)> rows)
    {
        var text = new StringBuilder(header).Append('\n');
        foreach (var (x, y) in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{x:R},{y:R}\n");
        }

        return text.ToString();
    }
}
