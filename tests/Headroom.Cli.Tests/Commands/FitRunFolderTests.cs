using System.Globalization;
using System.Text;
using Headroom.Cli.Tests.Data;

namespace Headroom.Cli.Tests.Commands;

/// <summary>`headroom fit RUN_DIR`: one RL run's folder, read with the score and compute named as options.</summary>
public sealed class FitRunFolderTests : IDisposable
{
    private readonly TempFolder _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void A_verl_run_folder_with_a_score_key_and_constant_compute_per_step_recovers_its_law()
    {
        // Given a verl run whose score follows the law exactly: P_sft 40, PL_rl 20, C_mid 10 EF, B 2, 1 EF per step
        var run = VerlRun("grpo-run", step => 40 + (20 / (1 + Math.Pow(10.0 / step, 2))));

        // When
        var result = CliResult.Run("fit", run, "--score", "val/score", "--ef-per-step", "1", "--bootstrap", "0", "--format", "json", "--no-progress");

        // Then
        Assert.Equal(0, result.ExitCode);
        var fit = Assert.Single(result.Json.GetProperty("fits").EnumerateArray());
        Assert.Equal("grpo-run", fit.GetProperty("group").GetString());
        Assert.Equal(40, fit.GetProperty("p_sft").GetDouble(), 6);
        Assert.Equal(60, fit.GetProperty("a_post").GetDouble(), 3);
        Assert.Equal(10, fit.GetProperty("c_mid").GetDouble(), 3);
        Assert.Equal(2, fit.GetProperty("b").GetDouble(), 3);
    }

    [Fact]
    public void The_table_prints_a_lab_scale_c_mid_with_three_significant_digits_not_rounded_to_zero()
    {
        // Given the same law counted at 2.5e-8 EF per step (a CPU lab run): C_mid is 2.5e-7 EF
        var run = VerlRun("lab-run", step => 40 + (20 / (1 + Math.Pow(10.0 / step, 2))));

        // When
        var result = CliResult.Run("fit", run, "--score", "val/score", "--ef-per-step", "2.5e-8", "--bootstrap", "0", "--no-progress");

        // Then its row shows C_mid as 2.5E-07, where rounding to three decimals showed 0
        Assert.Equal(0, result.ExitCode);
        var row = Assert.Single(result.Output.Split('\n'), l => l.Contains("lab-run", StringComparison.Ordinal));
        var cells = row.Split('│', StringSplitOptions.TrimEntries);
        Assert.Equal("2.5E-07", cells[6]);
    }

    [Fact]
    public void Twice_the_compute_per_step_doubles_c_mid_and_leaves_the_ceiling()
    {
        // Given the same run counted at 2 EF per step
        var run = VerlRun("grpo-run", step => 40 + (20 / (1 + Math.Pow(10.0 / step, 2))));

        // When
        var result = CliResult.Run("fit", run, "--score", "val/score", "--ef-per-step", "2", "--bootstrap", "0", "--format", "json", "--no-progress");

        // Then
        var fit = Assert.Single(result.Json.GetProperty("fits").EnumerateArray());
        Assert.Equal(60, fit.GetProperty("a_post").GetDouble(), 3);
        Assert.Equal(20, fit.GetProperty("c_mid").GetDouble(), 3);
    }

    [Fact]
    public void A_run_without_compute_fails_in_one_line_naming_the_options_to_give()
    {
        // Given a run that logs tokens per step but no FLOPs
        var run = VerlRun("grpo-run", step => 50 + step);

        // When
        var result = CliResult.Run("fit", run, "--score", "val/score", "--no-progress");

        // Then
        var line = result.AssertBadInput();
        Assert.Equal($"headroom: {run}: run ('grpo-run'): the run logs no FLOPs, and without a model (--model preset|config.json) its tokens cannot be turned into FLOPs; give --model, or --ef-per-step EF.", line);
    }

    [Fact]
    public void A_score_key_the_run_does_not_log_is_named()
    {
        // Given
        var run = VerlRun("grpo-run", step => 50 + step);

        // When
        var result = CliResult.Run("fit", run, "--score", "val/acc", "--ef-per-step", "1", "--no-progress");

        // Then
        Assert.EndsWith("the run logs no series 'val/acc'.", result.AssertBadInput(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--x", "rl_ef", "--x is for a CSV")]
    [InlineData("--ef-per-step", "1", "Give one way of counting compute, not --flops-key and --ef-per-step.")]
    public void Csv_options_and_two_compute_sources_are_usage_errors_for_a_run(string option, string value, string message)
    {
        // Given
        var run = VerlRun("grpo-run", step => 50 + step);

        // When
        var result = CliResult.Run("fit", run, "--flops-key", "total_flos", option, value);

        // Then
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_folder_options_on_a_csv_are_a_usage_error()
    {
        // When
        var result = CliResult.Run("fit", SharedData.InRepository("examples", "study", "rl_curves.csv"), "--x", "rl_ef", "--y", "overall", "--score", "val/score");

        // Then
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--score is for a run folder or log, not a CSV or a manifest.", result.Error, StringComparison.Ordinal);
    }

    /// <summary>A verl JSONL run: an evaluation at step 0 and every step 1..30 (score as a fraction), tokens per step logged.</summary>
    private string VerlRun(string name, Func<int, double> score)
    {
        var text = new StringBuilder();
        for (var step = 0; step <= 30; step++)
        {
            var value = (step == 0 ? 40 : score(step)) / 100;
            text.Append(CultureInfo.InvariantCulture, $"{{\"step\":{step},\"data\":{{\"val/score\":{value:R},\"perf/total_num_tokens\":1000000}}}}\n");
        }

        _files.Write(Path.Combine(name, $"{name}.jsonl"), text.ToString());
        return Path.Combine(_files.Path, name);
    }
}
