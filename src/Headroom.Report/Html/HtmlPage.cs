using System.Text;
using Headroom.Study;

namespace Headroom.Report;

/// <summary>
/// The report page: one self-contained HTML file (inline CSS and SVG, no script, no network) that opens with the
/// recommendation and answers the framework's five questions in order, each with its charts and tables.
/// </summary>
internal static partial class HtmlPage
{
    public static string Of(StudyResult study)
    {
        var palette = new Palette(study);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>").Append(Html.Text($"{study.Name} — Headroom report")).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n<main>\n");
        Header(html, study);
        Ceilings(html, study, palette);
        Switch(html, study, palette);
        Data(html, study, palette);
        Paradigms(html, study, palette);
        Next(html, study);
        Notes(html, study);
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Header(StringBuilder html, StudyResult study)
    {
        html.Append("<header>\n<p class=\"kicker\">Headroom study report</p>\n<h1>").Append(Html.Text(study.Name)).Append("</h1>\n");
        var facts = new List<string> { $"{study.Branches.Count} RL run(s)", $"{study.SftRuns.Count} SFT run(s) or dataset(s)" };
        if (study.Model is { } model)
        {
            facts.Add($"model {model.Name}, {study.Manifest.Model.Convention.ToString().ToLowerInvariant()} FLOPs convention");
        }

        var resamples = study.Branches.Select(b => b.Ceiling.Intervals.Resamples + b.Ceiling.Intervals.Failed).DefaultIfEmpty(0).Max();
        facts.Add(resamples > 0 ? $"{resamples} bootstrap resamples, {Fmt.Percent(study.Manifest.Fit.Bootstrap.Level)} intervals" : "no bootstrap");
        facts.Add($"fit mode {study.Manifest.Fit.Mode.ToString().ToLowerInvariant()}");
        html.Append("<p class=\"facts\">").Append(Html.Text(string.Join(" · ", facts))).Append("</p>\n</header>\n");
        html.Append("<section class=\"recommendation\" id=\"recommendation\">\n<h2>Recommendation</h2>\n<p>").Append(Html.Text(study.Recommendation)).Append("</p>\n");
        Tiles(html, study);
        html.Append("</section>\n");
        html.Append("<nav><a href=\"#ceiling\">1. Where is the ceiling?</a><a href=\"#switch\">2. When to switch?</a><a href=\"#data\">3. Which data?</a><a href=\"#paradigm\">4. Which paradigm?</a><a href=\"#next\">5. What next?</a></nav>\n");
    }

    private static void Tiles(StringBuilder html, StudyResult study)
    {
        var tiles = new List<(string Label, string Value, string Detail)>();
        if (study.BestBranch is { } best)
        {
            tiles.Add((study.BestBranchOutranked ? "Highest SFT-then-RL ceiling" : "Highest ceiling", Fmt.Score(best.Ceiling.APost), $"{best.Name}, interval {Fmt.Range(best.Ceiling.Intervals.APost, Fmt.Score)}"));
            tiles.Add(("RL headroom there", $"+{Fmt.Score(best.Ceiling.PLrl)}", $"over P_sft {Fmt.Score(best.Ceiling.PSft)}"));
        }

        if ((study.SftRuns.FirstOrDefault(r => r.Name == study.BestBranch?.From && r.RecommendedSwitch is not null) ?? study.SftRuns.FirstOrDefault(r => r.RecommendedSwitch is not null)) is { } run)
        {
            tiles.Add(("Switch to RL at", $"step {Fmt.Number(run.RecommendedSwitch!.Step)}", $"{run.Name}: first Stable checkpoint"));
        }

        if (BestParadigm(study) is { } top)
        {
            var interval = top.CeilingInterval.IsKnown ? $", interval {Fmt.Range(top.CeilingInterval, Fmt.Score)}" : string.Empty;
            tiles.Add(("Best paradigm", top.Label, $"ceiling {Fmt.Score(top.Ceiling)}{(top.IsPeak ? " (peak)" : top.Identified ? string.Empty : " (not identified)")}{interval}"));
        }

        html.Append("<div class=\"tiles\">");
        foreach (var (label, value, detail) in tiles)
        {
            html.Append("<div class=\"tile\"><span class=\"label\">").Append(Html.Text(label)).Append("</span><span class=\"value\">").Append(Html.Text(value))
                .Append("</span><span class=\"detail\">").Append(Html.Text(detail)).Append("</span></div>");
        }

        html.Append("</div>\n");
    }

    /// <summary>
    /// The paradigm the page names as best: the highest whose ceiling is a measured peak or an identified law; a
    /// still-rising curve's extrapolated ceiling does not make a paradigm the best unless nothing else is there.
    /// </summary>
    private static ParadigmSummary? BestParadigm(StudyResult study)
        => study.Paradigms.FirstOrDefault(p => p.Identified || p.IsPeak) ?? study.Paradigms.FirstOrDefault();

    private static void Notes(StringBuilder html, StudyResult study)
    {
        html.Append("<section id=\"notes\">\n<h2>Notes and method</h2>\n<ul>\n");
        foreach (var note in study.Notes)
        {
            html.Append("<li>").Append(Html.Text(note)).Append("</li>\n");
        }

        html.Append("<li>Ceilings follow the Plasticity-Ceiling Framework (Ding et al., arXiv 2512.11470): score(x) = P_sft + PL_rl / (1 + (C_mid / x)^B) fitted per branch with outlier rejection; A_post = P_sft + PL_rl. Intervals are residual-bootstrap percentiles (beyond the paper, which reports none).</li>\n");
        html.Append("<li>Regimes: Stable when L ≤ (1+δ) L_min (δ = 0.02); Severe after the last Stable checkpoint when L ≥ (1+δ₂) L_min (δ₂ = 0.10).</li>\n");
        html.Append("<li>Compute per run: ");
        html.Append(Html.Text(string.Join("; ", study.SftRuns.Where(r => r.Checkpoints.Count > 0).Select(r => $"{r.Name}: {r.ComputeBasis}")
            .Concat(study.Branches.Select(b => b.ComputeBasis).Distinct().Select(b => $"RL: {b}")))));
        html.Append(".</li>\n</ul>\n<p class=\"footer\">Made by <code>headroom analyze</code> from <code>").Append(Html.Text(Path.GetFileName(study.Manifest.Path)))
            .Append("</code>. Everything on this page is in <code>results.json</code> beside it.</p>\n</section>\n");
    }
}
