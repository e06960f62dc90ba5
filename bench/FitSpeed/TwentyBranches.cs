using System.Globalization;
using System.Text;
using Headroom.Core.Fitting;
using Headroom.Core.Randomness;
using Headroom.Core.Simulation;

/// <summary>
/// The 20-branch speed study of issue 8, written in the layout of ../shared/retu so that `headroom fit --mode paper`
/// and the scipy reference both read it: 20 simulated branches of 70 evaluations, LTS on 16 of them (alpha 0.75 or
/// 0.85), tau 2.5 or 3, a free offset with a late training start on every fourth, a collapse tail inside the training
/// window on every sixth, the last 10 points validating. Fixed seed, so every run measures the same curves.
/// </summary>
internal static class TwentyBranches
{
    public const int Count = 20;
    public const int Points = 70;

    public static void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var scores = new StringBuilder("sft_step,overall\n");
        var rows = new StringBuilder("sft_step,rl_ef,overall\n");
        var settings = new List<string>();
        for (var branch = 1; branch <= Count; branch++)
        {
            var random = SeedSequence.Create(2026, 8, branch);
            var truth = new SigmoidParameters(1 + (1.5 * random.NextDouble()), 8 + (8 * random.NextDouble()), 5 + (6 * random.NextDouble()), branch % 4 == 1 ? -1.5 : 0);
            var spec = new RlCurveSpec { PSft = 70, Truth = truth, MaxCompute = 6 * truth.CMid, Points = Points, NoiseSd = 0.6, OutlierRate = 0.04 };
            var curve = RlCurveSimulator.Simulate(spec, random);
            var trainEnd = Points - 10 + 1; // the branch point is index 0
            var collapse = branch % 6 == 2;
            scores.Append(CultureInfo.InvariantCulture, $"{branch},{curve.MeasuredPSft:F4}\n");
            for (var j = 0; j < Points; j++)
            {
                // A collapse tail: the last 12 training points and the validation points fall away by up to 4 points.
                var drop = collapse ? 4.0 * Math.Clamp((j + 1 - (trainEnd - 12)) / 12.0, 0, 1) : 0;
                rows.Append(CultureInfo.InvariantCulture, $"{branch},{curve.Compute[j]:F4},{curve.Scores[j] - drop:F4}\n");
            }

            var lts = branch % 5 == 0 ? "null" : branch % 3 == 0 ? "0.85" : "0.75";
            var free = branch % 4 == 1;
            var split = free ? $"[8, {trainEnd}]" : "null";
            var tau = branch % 2 == 0 ? "2.5" : "3.0";
            settings.Add($"  {{\"sft_step\": {branch}, \"fit_points_num\": {trainEnd}, \"train_split\": {split}, \"lts_alpha\": {lts}, \"outlier_threshold\": {tau}, \"free_c0\": {(free ? "true" : "false")}}}");
        }

        File.WriteAllText(Path.Combine(folder, "twenty_sft_scores.csv"), scores.ToString());
        File.WriteAllText(Path.Combine(folder, "twenty_rl_branches.csv"), rows.ToString());
        File.WriteAllText(Path.Combine(folder, "twenty_fit_settings.json"), "[\n" + string.Join(",\n", settings) + "\n]\n");
    }
}
