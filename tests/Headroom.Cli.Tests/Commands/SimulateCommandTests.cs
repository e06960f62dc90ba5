using Headroom.Cli.Tests.Data;

namespace Headroom.Cli.Tests.Commands;

public sealed class SimulateCommandTests : IDisposable
{
    private readonly TempFolder _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Simulate_writes_the_layout_fit_reads_and_the_truth()
    {
        var folder = Path.Combine(_files.Path, "s");

        var result = CliResult.Run("simulate", "--out", folder, "--seed", "2", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("sft_step,sft_ef,overall,val_loss", File.ReadLines(Path.Combine(folder, "sft_scores.csv")).First());
        Assert.Equal("sft_step,rl_ef,overall", File.ReadLines(Path.Combine(folder, "rl_curves.csv")).First());
        Assert.True(File.Exists(Path.Combine(folder, "truth.json")));
        Assert.Equal(1, result.Json.GetProperty("datasets").GetArrayLength());
    }

    [Fact]
    public void The_paper_datasets_come_with_a_table_for_select()
    {
        var folder = Path.Combine(_files.Path, "p");

        var result = CliResult.Run("simulate", "--out", folder, "--paper-datasets");

        Assert.Equal(0, result.ExitCode);
        var lines = File.ReadAllLines(Path.Combine(folder, "datasets.csv"));
        Assert.Equal("dataset,min_val_loss,true_best_a_post", lines[0]);
        Assert.Equal(6, lines.Length);
        foreach (var name in new[] { "s1k", "easy102k", "uniform102k", "hard102k", "sft889k" })
        {
            Assert.True(File.Exists(Path.Combine(folder, name, "rl_curves.csv")), name);
        }
    }

    [Fact]
    public void The_same_seed_writes_the_same_files()
    {
        CliResult.Run("simulate", "--out", Path.Combine(_files.Path, "a"), "--seed", "7");
        CliResult.Run("simulate", "--out", Path.Combine(_files.Path, "b"), "--seed", "7");

        Assert.Equal(File.ReadAllText(Path.Combine(_files.Path, "a", "rl_curves.csv")), File.ReadAllText(Path.Combine(_files.Path, "b", "rl_curves.csv")));
    }

    [Fact]
    public void A_negative_noise_is_rejected()
    {
        CliResult.Run("simulate", "--out", _files.Path, "--noise", "-1").AssertBadInput();
    }
}
