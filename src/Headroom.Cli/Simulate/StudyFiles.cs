using System.Text.Json;
using CsvHelper;
using Headroom.Cli.Output;
using Headroom.Core.Simulation;

namespace Headroom.Cli.Simulate;

/// <summary>
/// Writes a simulated study in the layout of the paper's released curves: `sft_scores.csv`
/// (sft_step, sft_ef, overall, val_loss), `rl_curves.csv` (sft_step, rl_ef, overall) and `truth.json`.
/// </summary>
internal static class StudyFiles
{
    public static void Write(string folder, SimulatedStudy study)
    {
        Directory.CreateDirectory(folder);
        using (var sft = CsvWriter.Create(File.CreateText(Path.Combine(folder, "sft_scores.csv")), new CsvWriterOptions { NewLine = "\n" }, leaveOpen: false))
        {
            sft.WriteRecord("sft_step", "sft_ef", "overall", "val_loss");
            foreach (var c in study.Checkpoints)
            {
                sft.WriteRecord(c.Step.ToString(System.Globalization.CultureInfo.InvariantCulture), Round(c.Compute, 4), Round(c.Score, 4), Round(c.ValidationLoss, 5));
            }
        }

        using (var rl = CsvWriter.Create(File.CreateText(Path.Combine(folder, "rl_curves.csv")), new CsvWriterOptions { NewLine = "\n" }, leaveOpen: false))
        {
            rl.WriteRecord("sft_step", "rl_ef", "overall");
            foreach (var branch in study.Branches)
            {
                for (var j = 0; j < branch.Curve.Compute.Count; j++)
                {
                    rl.WriteRecord(branch.Step.ToString(System.Globalization.CultureInfo.InvariantCulture), Round(branch.Curve.Compute[j], 4), Round(branch.Curve.Scores[j], 4));
                }
            }
        }

        File.WriteAllText(Path.Combine(folder, "truth.json"), JsonSerializer.Serialize(Truth.From(study), JsonOutput.Options) + "\n");
    }

    private static string Round(double value, int decimals) => TextFormat.Exact(Math.Round(value, decimals));

    /// <summary>The ground truth, for checking what `headroom fit` recovers.</summary>
    internal sealed record Truth(string Dataset, double MinValLoss, double BestAPost, IReadOnlyList<Truth.Branch> Branches)
    {
        public static Truth From(SimulatedStudy study) => new(
            study.Spec.Name,
            study.MinimumValidationLoss,
            study.BestTrueAPost,
            study.Branches.Select(b => new Branch(
                b.Step,
                b.Curve.Spec.PSft,
                b.Curve.MeasuredPSft,
                b.TrueAPost,
                b.Truth.PL,
                b.Truth.CMid,
                b.Truth.B,
                b.Curve.Outliers.Select(i => b.Curve.Compute[i]).ToList())).ToList());

        internal sealed record Branch(int SftStep, double PSftTrue, double PSftMeasured, double APost, double PlRl, double CMid, double B, IReadOnlyList<double> OutlierComputes);
    }
}
