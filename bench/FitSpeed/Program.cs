// Benchmarks of the fitter (run by bench/fit-speed.sh and bench/coverage.sh, never by CI):
//   paper DIR [REPEATS]        mean time per paper-mode fit on the paper's 13 SFT889K branches, in-process
//   coverage CURVES RESAMPLES  bootstrap coverage of the true A_post over simulated curves
//   solvers DIR [REPEATS]      one bounded least-squares fit per branch: Headroom's variable-projection LM
//                              against MathNet's full-parameter LM (the library baseline), time and RSS
//   twenty DIR                 writes the 20-branch speed study (TwentyBranches) into DIR
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Headroom.Core.Fitting;
using Headroom.Core.Randomness;
using Headroom.Core.Simulation;

return (args.Length > 0 ? args[0] : "paper") switch
{
    "coverage" => Coverage(args),
    "solvers" => Solvers(args),
    "twenty" => Twenty(args),
    "bootstrap" => Bootstrap(args),
    _ => Paper(args),
};

// In-process: each branch of a study fitted in paper mode with a 1000-resample bootstrap on one thread, timed.
static int Bootstrap(string[] args)
{
    var branches = LoadRetu(args[1], args.Length > 2 ? args[2] : "sft889k_");
    var estimator = new CeilingEstimator();
    var options = new CeilingOptions { ExplicitSettings = true, Bootstrap = new BootstrapOptions { Resamples = 1000, Threads = 1 } };
    var total = Stopwatch.StartNew();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    foreach (var (step, x, y, s) in branches)
    {
        var watch = Stopwatch.StartNew();
        var ceiling = estimator.Estimate(new BranchCurve(step.ToString(CultureInfo.InvariantCulture), 0, x[1..], y[1..]), s, options);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"branch {step}: {watch.Elapsed.TotalSeconds:F2} s ({s}), A_post {ceiling.APost:F2} {ceiling.Intervals.APost} {ceiling.Intervals.APostKind}"));
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{branches.Count} branches x 1000 resamples on one thread, in-process: {total.Elapsed.TotalSeconds:F2} s wall, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F2} s CPU"));
    return 0;
}

static int Twenty(string[] args)
{
    TwentyBranches.Write(args[1]);
    return 0;
}

static int Solvers(string[] args)
{
    var branches = LoadRetu(args.Length > 1 ? args[1] : "../shared/retu");
    var repeats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 50;
    var plain = new FitSettings { OutlierThreshold = null };
    double ours = 0, theirs = 0, worse = 0;
    for (var pass = 0; pass <= repeats; pass++)
    {
        foreach (var (_, x, y, _) in branches)
        {
            var watch = Stopwatch.StartNew();
            var fit = RobustSigmoidFitter.Default.FitSorted(x, y, plain);
            var ourTime = watch.Elapsed.TotalMilliseconds;
            // MathNet from the kit's start p0 = (1, median x, max y) inside the same box.
            var median = x.Order().ElementAt(x.Length / 2);
            var spread = y.Max() - y.Min();
            watch.Restart();
            var (_, rss) = Headroom.Core.Tests.Data.MathNetReference.Fit(
                x, y, new SigmoidParameters(1, median, y.Max()), new SigmoidParameters(0.01, 1e-3, y.Max() - (spread / 2)), new SigmoidParameters(100, 2 * x[^1], y.Max() + (spread / 2)));
            var theirTime = watch.Elapsed.TotalMilliseconds;
            if (pass == 0)
            {
                var ourRss = x.Select((xi, i) => Math.Pow(y[i] - SigmoidLaw.Gain(xi, fit.Parameters), 2)).Sum();
                worse += ourRss > rss * (1 + 1e-9) ? 1 : 0;
                continue; // warm-up pass: checks only
            }

            ours += ourTime;
            theirs += theirTime;
        }
    }

    var fits = repeats * branches.Count;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"least squares per fit: Headroom VP-LM (grid + local) {ours / fits:F3} ms, MathNet LM (one local start) {theirs / fits:F3} ms; Headroom RSS above MathNet's on {worse} of {branches.Count} branches"));
    return 0;
}

static int Paper(string[] args)
{
    var folder = args.Length > 1 ? args[1] : "../shared/retu";
    var repeats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
    var branches = LoadRetu(folder);
    var fitter = RobustSigmoidFitter.Default;

    // Warm up (JIT), then time every branch `repeats` times.
    foreach (var (_, x, y, s) in branches)
    {
        fitter.FitSorted(x, y, s);
    }

    var watch = Stopwatch.StartNew();
    var fits = 0;
    for (var r = 0; r < repeats; r++)
    {
        foreach (var (_, x, y, s) in branches)
        {
            fitter.FitSorted(x, y, s);
            fits++;
        }
    }

    var perFit = watch.Elapsed.TotalMilliseconds / fits;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"headroom paper mode: {fits} fits, {perFit:F3} ms per fit"));
    return 0;
}

static int Coverage(string[] args)
{
    var curves = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
    var resamples = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000;
    // Designs: (max compute in C_mid units, evaluations, B, outlier rate); C_mid = 10, PL = 8, noise 0.8.
    (double Span, int Points, double B, double Outliers)[] designs = [(4, 20, 1.5, 0), (8, 20, 1.5, 0), (4, 40, 1.5, 0), (4, 20, 2.5, 0), (4, 20, 1.5, 0.05), (5, 24, 1.6, 0.04)];
    // The default mode (tau 3), or "lts" (the paper's most common LTS setting: keep 75%, then tau 3), or
    // "tau2.5" (the paper's threshold without LTS).
    var settings = (args.Length > 3 ? args[3] : "default") switch
    {
        "lts" => new FitSettings { OutlierThreshold = 3.0, LtsAlpha = 0.75 },
        "tau2.5" => new FitSettings { OutlierThreshold = 2.5 },
        _ => new FitSettings { OutlierThreshold = 3.0 },
    };
    var estimator = new CeilingEstimator();
    var total = 0;
    var coveredAll = 0;
    foreach (var design in designs)
    {
        var covered = 0;
        var missedLow = 0; // the interval lies below the truth
        var lowerBounds = 0;
        var widths = new List<double>();
        var watch = Stopwatch.StartNew();
        for (var c = 0; c < curves; c++)
        {
            var spec = new RlCurveSpec { PSft = 70, Truth = new SigmoidParameters(design.B, 10, 8), MaxCompute = 10 * design.Span, Points = design.Points, NoiseSd = 0.8, OutlierRate = design.Outliers };
            var simulated = RlCurveSimulator.Simulate(spec, SeedSequence.Create(2026, 1, c));
            var curve = new BranchCurve("b", simulated.MeasuredPSft, simulated.Compute, simulated.Scores);
            var ceiling = estimator.Estimate(curve, settings, new CeilingOptions { Bootstrap = new BootstrapOptions { Resamples = resamples, Seed = c } });
            // A lower bound (a_post_ci_kind = lower_bound) claims only A_post >= low.
            var interval = ceiling.Intervals.APost;
            var lowerBound = ceiling.Intervals.APostKind == IntervalKind.LowerBound;
            covered += (lowerBound ? spec.APost >= interval.Low : interval.Contains(spec.APost)) ? 1 : 0;
            missedLow += !lowerBound && interval.High < spec.APost ? 1 : 0;
            lowerBounds += lowerBound ? 1 : 0;
            widths.Add(interval.Width);
        }

        total += curves;
        coveredAll += covered;
        widths.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"x_max {design.Span} C_mid, {design.Points} points, B {design.B}, outliers {design.Outliers:P0}: coverage {covered}/{curves} = {100.0 * covered / curves:F1}% (misses {missedLow} low, {curves - covered - missedLow} high; {lowerBounds} lower bounds), median width {widths[curves / 2]:F2}, {watch.Elapsed.TotalSeconds:F1} s"));
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"all designs: coverage {coveredAll}/{total} = {100.0 * coveredAll / total:F1}% (target 90-99%)"));
    return 0;
}

static List<(int Step, double[] X, double[] Y, FitSettings Settings)> LoadRetu(string folder, string prefix = "sft889k_")
{
    static List<Dictionary<string, double>> Csv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return lines.Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',').Select((v, i) => (header[i], double.Parse(v, CultureInfo.InvariantCulture))).ToDictionary(p => p.Item1, p => p.Item2))
            .ToList();
    }

    var scores = Csv(Path.Combine(folder, prefix + "sft_scores.csv")).ToDictionary(r => (int)r["sft_step"], r => r["overall"]);
    var rows = Csv(Path.Combine(folder, prefix + "rl_branches.csv"));
    using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, prefix + "fit_settings.json")));
    var result = new List<(int, double[], double[], FitSettings)>();
    foreach (var e in json.RootElement.EnumerateArray())
    {
        var step = e.GetProperty("sft_step").GetInt32();
        var points = rows.Where(r => (int)r["sft_step"] == step).Select(r => (r["rl_ef"], r["overall"] - scores[step])).OrderBy(p => p.Item1).ToList();
        var alpha = e.GetProperty("lts_alpha");
        var settings = new FitSettings
        {
            TrainStart = e.TryGetProperty("train_split", out var split) && split.ValueKind == JsonValueKind.Array ? split[0].GetInt32() : 0,
            TrainEnd = e.TryGetProperty("train_split", out split) && split.ValueKind == JsonValueKind.Array ? split[1].GetInt32() : e.GetProperty("fit_points_num").GetInt32(),
            OutlierThreshold = e.GetProperty("outlier_threshold").GetDouble(),
            LtsAlpha = alpha.ValueKind == JsonValueKind.Number ? alpha.GetDouble() : null,
            FreeOffset = e.GetProperty("free_c0").GetBoolean(),
            LtsSearch = LtsSearch.Kit,
        };
        result.Add((step, [0, .. points.Select(p => p.Item1)], [0, .. points.Select(p => p.Item2)], settings));
    }

    return result;
}
