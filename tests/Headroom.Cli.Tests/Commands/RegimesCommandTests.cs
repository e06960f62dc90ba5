using Headroom.Cli.Tests.Data;

namespace Headroom.Cli.Tests.Commands;

public sealed class RegimesCommandTests : IDisposable
{
    // The columns the simulator writes; L_min = 0.50 so Stable <= 0.51 and Severe >= 0.55 after the last Stable.
    // Step 600 has no evaluation (empty val_loss).
    private const string Run = """
        sft_step,sft_ef,overall,val_loss
        100,1.94,60.1,1.00
        200,3.88,65.3,0.70
        300,5.82,68.0,0.55
        400,7.76,70.2,0.505
        500,9.70,71.0,0.50
        600,11.64,71.1,
        700,13.58,70.4,0.53
        800,15.52,69.0,0.58
        """;

    private readonly TempFolder _files = new();

    public void Dispose() => _files.Dispose();

    private CliResult Regimes(string csv, params string[] extra)
        => CliResult.Run(["regimes", _files.Write("run.csv", csv), "--step", "sft_step", "--loss", "val_loss", .. extra]);

    [Fact]
    public void Json_labels_each_checkpoint_and_recommends_the_first_stable_one()
    {
        // When
        var result = Regimes(Run, "--format", "json");

        // Then
        Assert.Equal(0, result.ExitCode);
        var json = result.Json;
        var labels = json.GetProperty("checkpoints").EnumerateArray().Select(c => c.GetProperty("regime").GetString()!).ToArray();
        Assert.Equal(["adaptive", "adaptive", "adaptive", "stable", "stable", "mild_overfitting", "severe_overfitting"], labels);
        Assert.Equal(400, json.GetProperty("recommended_switch").GetProperty("step").GetDouble());
        Assert.Equal(500, json.GetProperty("minimum").GetProperty("step").GetDouble());
        Assert.Equal(0.50, json.GetProperty("minimum_loss").GetDouble());
        Assert.Equal(1, json.GetProperty("skipped_non_finite").GetInt32());
        Assert.Equal(600, json.GetProperty("first_skipped_step").GetDouble());
        Assert.Contains("warning: 1 checkpoint(s) with a NaN or infinite loss were skipped, the first at step 600.", result.ErrorLines);
    }

    [Fact]
    public void The_table_marks_the_switch_and_names_the_regimes()
    {
        // When
        var result = Regimes(Run);

        // Then
        Assert.Equal(0, result.ExitCode);
        var switchRow = result.Output.Split('\n').Single(l => l.Contains("<- switch to RL", StringComparison.Ordinal));
        Assert.Contains("0.505", switchRow, StringComparison.Ordinal);
        Assert.Contains("Mild overfitting", result.Output, StringComparison.Ordinal);
        Assert.Contains("Recommended switch to RL: step 400", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_output_has_one_row_per_labelled_checkpoint()
    {
        // When
        var result = Regimes(Run, "--format", "csv");

        // Then
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("step,loss,relative_excess,regime,recommended_switch,note", lines[0]);
        Assert.Equal(8, lines.Length);
        Assert.StartsWith("400,0.505,", lines[4], StringComparison.Ordinal);
        Assert.EndsWith(",stable,true,", lines[4], StringComparison.Ordinal);
    }

    [Fact]
    public void Wider_deltas_relabel_the_tail()
    {
        // When: Stable <= 0.54 (delta 0.08) and Severe >= 0.60 (delta2 0.20)
        var result = Regimes(Run, "--delta", "0.08", "--delta2", "0.2", "--format", "json");

        // Then: 0.53 joins the Stable band and 0.58 becomes Mild
        var labels = result.Json.GetProperty("checkpoints").EnumerateArray().Select(c => c.GetProperty("regime").GetString()!).ToArray();
        Assert.Equal(["adaptive", "adaptive", "adaptive", "stable", "stable", "stable", "mild_overfitting"], labels);
    }

    [Fact]
    public void Provisional_mode_says_labels_may_change()
    {
        // When
        var result = Regimes(Run, "--provisional", "--format", "json");

        // Then
        Assert.True(result.Json.GetProperty("provisional").GetBoolean());
        Assert.Contains(result.ErrorLines, l => l.StartsWith("warning: Provisional labels", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("sft_step,val_loss\n100,0.5\n100,0.4\n", "line 3, column 'sft_step': step 100 does not follow step 100; rows must be sorted by strictly increasing step.")]
    [InlineData("sft_step,val_loss\n100,0.5\n50,0.4\n", "line 3, column 'sft_step': step 50 does not follow step 100; rows must be sorted by strictly increasing step.")]
    [InlineData("sft_step,val_loss\n-10,0.5\n", "line 2, column 'sft_step': step -10 is negative; steps count from 0.")]
    [InlineData("sft_step,val_loss\nNaN,0.5\n", "line 2, column 'sft_step': the value is empty or NaN; this column needs a finite number on every row.")]
    [InlineData("sft_step,val_loss\n100,abc\n", "line 2, column 'val_loss': 'abc' is not a number.")]
    [InlineData("sft_step,val_loss\n100,-0.2\n", "line 2, column 'val_loss': loss -0.2 is not positive; regimes compare losses relative to the minimum, so they must be above 0.")]
    [InlineData("sft_step,val_loss\n100,nan\n200,\n", "column 'val_loss' has no finite value on any row.")]
    [InlineData("sft_step,val_loss\n", "the file has a header but no data rows.")]
    [InlineData("", "the file is empty; expected a CSV header line and data rows.")]
    [InlineData("sft_step,val_loss\n100,0.5,7\n", "line 2: 3 field(s) but the header has 2.")]
    [InlineData("step,loss\n100,0.5\n", "no column 'sft_step' (given by --step); the columns are 'step', 'loss'.")]
    public void Bad_files_fail_with_one_line_naming_file_and_position(string csv, string expected)
    {
        // Given
        var path = _files.Write("bad.csv", csv);

        // When
        var result = CliResult.Run("regimes", path, "--step", "sft_step", "--loss", "val_loss");

        // Then
        Assert.Equal($"headroom: {path}: {expected}", result.AssertBadInput());
    }

    [Fact]
    public void A_missing_file_fails_with_one_line()
    {
        // When
        var result = CliResult.Run("regimes", "/no/such/run.csv", "--step", "sft_step", "--loss", "val_loss");

        // Then
        Assert.Equal("headroom: /no/such/run.csv: no such file.", result.AssertBadInput());
    }

    [Fact]
    public void Deltas_that_make_no_band_fail_with_one_line()
    {
        // When
        var result = Regimes(Run, "--delta", "0.2", "--delta2", "0.1");

        // Then
        Assert.Equal("headroom: The setting 'delta2' is 0.1; it must be finite and above delta = 0.2.", result.AssertBadInput());
    }
}
