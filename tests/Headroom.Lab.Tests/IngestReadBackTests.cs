using Headroom.Ingest;
using Headroom.Lab.Tests.Training;

namespace Headroom.Lab.Tests;

public sealed class IngestReadBackTests(TinyLab lab)
{
    [Fact]
    public void A_lab_SFT_run_reads_back_through_the_ingest_readers_with_the_numbers_it_logged()
    {
        // Given a tiny SFT run folder with checkpoint-N subfolders
        var folder = TinyRuns.NewFolder();
        var report = LabSession.Sft(lab.Options with { Out = folder, World = lab.Folder }, "uniform", cancel: TestContext.Current.CancellationToken);

        // When the folder is ingested like any HF Trainer output
        var result = LogIngest.Read([folder]);

        // Then it is one run whose validation loss, benchmark scores, tokens and FLOPs are what the lab logged
        var run = Assert.Single(result.Runs);
        var valLoss = Assert.Single(run.WithCanonical("sft_val_loss"));
        Assert.Equal(report.Evaluations.Select(e => (long)e.Step), valLoss.Points.Select(p => p.Step));
        Assert.Equal(report.Evaluations.Select(e => e.EvalLoss), valLoss.Points.Select(p => p.Value));
        var scores = run.WithCanonical("rl_val_score").ToDictionary(s => s.Benchmark!);
        Assert.Equal(["aime_a", "aime_b", "arith", "chains", "olympiad", "products"], scores.Keys.Order());
        Assert.Equal(report.Evaluations[^1].Scores["arith"], scores["arith"].Points[^1].Value);
        Assert.Equal(report.TokensSeen, (long)Assert.Single(run.WithCanonical("tokens")).Points[^1].Value);
        Assert.Equal(report.TotalFlos, Assert.Single(run.WithCanonical("flops")).Points[^1].Value);
    }
}
