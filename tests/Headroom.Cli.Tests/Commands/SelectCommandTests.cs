using Headroom.Cli.Tests.Data;

namespace Headroom.Cli.Tests.Commands;

public sealed class SelectCommandTests : IDisposable
{
    // The paper's five datasets, and two candidates without RL runs (empty ceiling).
    private const string Study = """
        dataset,min_val_loss,best_a_post
        S1K,0.51,77.3
        Easy,0.44,78.8
        Uniform,0.42,79.7
        Hard,0.40,82.8
        SFT889K,0.37,84.0
        Bigger,0.35,
        Mid,0.43,
        """;

    // By hand (see Headroom.Core.Tests DatasetSelectionTests): Sxx = 0.01108, Syy = 31.308, Sxy = −0.5438.
    private const double Sxx = 0.01108;
    private const double Syy = 31.308;
    private const double Sxy = -0.5438;

    private readonly TempFolder _files = new();

    public void Dispose() => _files.Dispose();

    private CliResult Select(string csv, params string[] extra)
        => CliResult.Run(["select", _files.Write("study.csv", csv), "--dataset", "dataset", "--loss", "min_val_loss", "--ceiling", "best_a_post", .. extra]);

    [Fact]
    public void Json_gives_the_papers_correlations_predictor_and_ranking()
    {
        // When
        var result = Select(Study, "--format", "json");

        // Then
        Assert.Equal(0, result.ExitCode);
        var json = result.Json;
        Precision.AssertClose(Sxy / Math.Sqrt(Sxx * Syy), json.GetProperty("correlation").GetProperty("pearson").GetDouble(), 9, "pearson");
        Precision.AssertClose(-1, json.GetProperty("correlation").GetProperty("spearman").GetDouble(), 12, "spearman");
        Precision.AssertClose(Sxy / Sxx, json.GetProperty("predictor").GetProperty("slope").GetDouble(), 9, "slope");
        var ranking = json.GetProperty("ranking").EnumerateArray().ToArray();
        Assert.Equal(["Bigger", "Mid"], ranking.Select(r => r.GetProperty("dataset").GetString()!));
        Assert.Equal([1, 2], ranking.Select(r => r.GetProperty("rank").GetInt32()));
        Assert.True(ranking[0].GetProperty("extrapolated").GetBoolean());
        Assert.True(ranking[0].GetProperty("low").GetDouble() < ranking[0].GetProperty("predicted_ceiling").GetDouble());
        Assert.Equal(5, json.GetProperty("fitted").GetArrayLength());
        Assert.Contains(result.ErrorLines, l => l.StartsWith("warning: Extrapolation", StringComparison.Ordinal));
    }

    [Fact]
    public void The_table_reports_correlations_and_ranks_candidates()
    {
        // When
        var result = Select(Study);

        // Then
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Pearson r = -0.923", result.Output, StringComparison.Ordinal);
        Assert.Contains("Spearman rho = -1.000", result.Output, StringComparison.Ordinal);
        Assert.Contains("Bigger", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_lists_fitted_datasets_then_ranked_candidates()
    {
        // When
        var lines = Select(Study, "--format", "csv").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // Then
        Assert.Equal("role,rank,dataset,min_validation_loss,observed_ceiling,predicted_ceiling,low,high,extrapolated", lines[0]);
        Assert.Equal(8, lines.Length);
        Assert.StartsWith("candidate,1,Bigger,0.35,,", lines[6], StringComparison.Ordinal);
    }

    [Fact]
    public void Two_fitted_datasets_rank_without_intervals_and_warn()
    {
        // When
        var result = Select("dataset,min_val_loss,best_a_post\nX,0.5,70\nY,0.4,80\nZ,0.45,\n", "--format", "json");

        // Then: the line through (0.5, 70) and (0.4, 80) gives 75 at 0.45
        Assert.Equal(0, result.ExitCode);
        var z = result.Json.GetProperty("ranking")[0];
        Precision.AssertClose(75, z.GetProperty("predicted_ceiling").GetDouble(), 12, "Z");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, z.GetProperty("low").ValueKind);
        Assert.Contains(result.ErrorLines, l => l.StartsWith("warning: Fewer than 3", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("dataset,min_val_loss,best_a_post\nA,0.5,NaN\n", "line 2, column 'best_a_post': the ceiling is NaN; leave the cell empty to mark a candidate dataset to rank.")]
    [InlineData("dataset,min_val_loss,best_a_post\n,0.5,80\n", "line 2, column 'dataset': the dataset name is empty.")]
    [InlineData("dataset,min_val_loss,best_a_post\nA,,80\n", "line 2, column 'min_val_loss': the value is empty or NaN; this column needs a finite number on every row.")]
    [InlineData("dataset,min_val_loss,best_a_post\nA,0.5,\nB,0.4,\n", "no row has a value in column 'best_a_post'; at least one dataset with a known ceiling is needed to rank the others.")]
    [InlineData("dataset,loss,best_a_post\nA,0.5,80\n", "no column 'min_val_loss' (given by --loss); the columns are 'dataset', 'loss', 'best_a_post'.")]
    [InlineData("dataset,min_val_loss,best_a_post\nA,0.5,eighty\n", "line 2, column 'best_a_post': 'eighty' is not a number.")]
    public void Bad_files_fail_with_one_line_naming_file_and_position(string csv, string expected)
    {
        // When
        var result = Select(csv);

        // Then
        Assert.Equal($"headroom: {Path.Combine(_files.Path, "study.csv")}: {expected}", result.AssertBadInput());
    }

    [Fact]
    public void A_level_outside_zero_to_one_fails_with_one_line()
    {
        // When
        var result = Select(Study, "--level", "95");

        // Then
        Assert.Equal("headroom: The setting 'level' is 95; it must be strictly between 0 and 1 (e.g. 0.95).", result.AssertBadInput());
    }
}
