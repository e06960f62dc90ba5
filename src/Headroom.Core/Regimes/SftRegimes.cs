using System.Globalization;

namespace Headroom.Core.Regimes;

/// <summary>
/// Labels SFT checkpoints Adaptive / Stable / Mild / Severe from their validation loss (framework.md §4).
/// </summary>
public static class SftRegimes
{
    // Boundaries are inclusive up to rounding: (1 + 0.02) · 0.5 must admit a loss written as 0.51.
    private const double RelativeRounding = 1e-12;

    /// <summary>
    /// Labels the checkpoints of one SFT run given as (step, validation loss) pairs in step order; the same as
    /// <see cref="Classify(IReadOnlyList{double}, IReadOnlyList{double}, RegimeOptions?)"/> on the two columns.
    /// </summary>
    /// <param name="checkpoints">(step or cumulative compute, validation loss) of each checkpoint, steps strictly increasing.</param>
    /// <param name="options">Thresholds and mode (default: δ = 0.02, δ₂ = 0.10, offline).</param>
    /// <exception cref="ArgumentException">The steps are not finite and strictly increasing.</exception>
    public static RegimeAnalysis Classify(IEnumerable<(double Step, double Loss)> checkpoints, RegimeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        var pairs = checkpoints.ToList();
        return Classify(pairs.ConvertAll(c => c.Step), pairs.ConvertAll(c => c.Loss), options);
    }

    /// <summary>
    /// Labels the checkpoints of one SFT run. Degenerate input gives a status, not an exception: an empty
    /// series gives <see cref="RegimeStatus.Empty"/>, all-NaN losses <see cref="RegimeStatus.NoFiniteLoss"/>,
    /// a minimum of zero or less <see cref="RegimeStatus.NonPositiveMinimum"/> (no labels, NaN thresholds).
    /// NaN or infinite losses are skipped and counted. A single checkpoint is Stable; equal losses are all Stable.
    /// </summary>
    /// <param name="steps">Checkpoint steps (or cumulative compute), finite and strictly increasing.</param>
    /// <param name="losses">Validation losses, one per step.</param>
    /// <param name="options">Thresholds and mode (default: δ = 0.02, δ₂ = 0.10, offline).</param>
    /// <exception cref="ArgumentException">The lengths differ, or the steps are not finite and strictly increasing.</exception>
    /// <exception cref="InvalidSettingException">δ or δ₂ is invalid.</exception>
    public static RegimeAnalysis Classify(IReadOnlyList<double> steps, IReadOnlyList<double> losses, RegimeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(losses);
        options ??= RegimeOptions.Default;
        options.Validate();
        RequireIncreasingSteps(steps, losses);

        /*
         * Symbols (framework.md §4): L_i the loss of checkpoint i, L_min = min_i L_i over finite losses,
         * band b1 = (1+δ) L_min, b2 = (1+δ₂) L_min. With f and l the first and last i with L_i ≤ b1:
         *   i < f            Adaptive
         *   f ≤ i ≤ l        Stable (a loss above b1 here is still Stable, with a note: the Decision of §4)
         *   i > l, L_i < b2  Mild overfitting
         *   i > l, L_i ≥ b2  Severe overfitting
         */
        var finite = Enumerable.Range(0, steps.Count).Where(i => double.IsFinite(losses[i])).ToArray();
        var skipped = steps.Count - finite.Length;
        double? firstSkipped = skipped == 0 ? null : steps[Enumerable.Range(0, steps.Count).First(i => !double.IsFinite(losses[i]))];
        var warnings = new List<string>();
        if (skipped > 0)
        {
            warnings.Add($"{skipped} checkpoint(s) with a NaN or infinite loss were skipped, the first at step {Format(firstSkipped!.Value)}.");
        }

        if (steps.Count == 0 || finite.Length == 0)
        {
            var status = steps.Count == 0 ? RegimeStatus.Empty : RegimeStatus.NoFiniteLoss;
            warnings.Add(steps.Count == 0 ? "The loss series is empty: there is nothing to label." : "No checkpoint has a finite loss: there is nothing to label.");
            return Unlabelled(status, options, double.NaN, skipped, firstSkipped, warnings);
        }

        var minimumIndex = finite.MinBy(i => losses[i]);
        var lMin = losses[minimumIndex];
        if (lMin <= 0)
        {
            warnings.Add($"The minimum loss is {Format(lMin)} at step {Format(steps[minimumIndex])}; regimes need a positive loss because the band (1+delta) L_min is relative.");
            return Unlabelled(RegimeStatus.NonPositiveMinimum, options, lMin, skipped, firstSkipped, warnings);
        }

        var b1 = (1 + options.Delta) * lMin * (1 + RelativeRounding);
        var b2 = (1 + options.Delta2) * lMin * (1 - RelativeRounding);
        var first = finite.First(i => losses[i] <= b1);
        var last = finite.Last(i => losses[i] <= b1);

        var labelled = finite.Select(i =>
        {
            var loss = losses[i];
            var excess = (loss / lMin) - 1;
            if (i < first)
            {
                return new CheckpointRegime(i, steps[i], loss, SftRegime.Adaptive, excess);
            }

            if (i <= last)
            {
                var note = loss > b1
                    ? $"Loss {Format(loss)} leaves the Stable band (<= {Format((1 + options.Delta) * lMin)}) between Stable checkpoints; labelled Stable (framework.md section 4 Decision)."
                    : null;
                return new CheckpointRegime(i, steps[i], loss, SftRegime.Stable, excess, note);
            }

            return new CheckpointRegime(i, steps[i], loss, loss < b2 ? SftRegime.MildOverfitting : SftRegime.SevereOverfitting, excess);
        }).ToArray();

        AddShapeWarnings(warnings, labelled, minimumIndex, options);
        return new RegimeAnalysis(
            RegimeStatus.Labelled,
            options,
            lMin,
            labelled,
            RecommendedSwitch: labelled.First(c => c.Index == first),
            Minimum: labelled.First(c => c.Index == minimumIndex),
            skipped,
            firstSkipped,
            warnings);
    }

    private static void AddShapeWarnings(List<string> warnings, CheckpointRegime[] labelled, int minimumIndex, RegimeOptions options)
    {
        if (labelled.Length == 1)
        {
            warnings.Add("Only one checkpoint has a finite loss: it is the minimum and labelled Stable, but there is no trend to show the loss has saturated.");
        }
        else if (labelled.All(c => c.Loss == labelled[0].Loss))
        {
            warnings.Add($"All {labelled.Length} losses are equal: every checkpoint is Stable and the regimes carry no information.");
        }
        else if (minimumIndex == labelled[^1].Index)
        {
            warnings.Add("The minimum loss is at the last checkpoint: the loss may still be falling, so the Stable band may move down with more training.");
        }

        if (options.Provisional)
        {
            warnings.Add("Provisional labels: L_min is the minimum so far; a lower loss later lowers the band, which can turn Stable checkpoints into Adaptive or overfitting ones and Mild into Severe.");
        }
    }

    private static RegimeAnalysis Unlabelled(
        RegimeStatus status, RegimeOptions options, double minimum, int skipped, double? firstSkipped, List<string> warnings)
        => new(status, options, minimum, [], null, null, skipped, firstSkipped, warnings);

    private static void RequireIncreasingSteps(IReadOnlyList<double> steps, IReadOnlyList<double> losses)
    {
        if (steps.Count != losses.Count)
        {
            throw new ArgumentException($"There are {steps.Count} steps but {losses.Count} losses.", nameof(losses));
        }

        for (var i = 0; i < steps.Count; i++)
        {
            if (!double.IsFinite(steps[i]) || (i > 0 && steps[i] <= steps[i - 1]))
            {
                throw new ArgumentException($"Steps must be finite and strictly increasing; step {i} is {Format(steps[i])}.", nameof(steps));
            }
        }
    }

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
