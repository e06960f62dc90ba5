using Headroom.Study;
using ScottPlot;

namespace Headroom.Report;

/// <summary>
/// Colours fixed per dataset and per paradigm, so a dataset or a method has the same colour in every chart of
/// a report (datasets take the colour-blind-safe Okabe–Ito order of the manifest; paradigms have their own).
/// </summary>
internal sealed class Palette
{
    private static readonly string[] _datasetColours = ["#0072B2", "#009E73", "#CC79A7", "#56B4E9", "#8C564B", "#332288", "#117733", "#882255", "#44AA99", "#999933"];

    private static readonly Dictionary<string, string> _methodColours = new(StringComparer.OrdinalIgnoreCase)
    {
        ["luffy"] = "#6A3D9A",
        ["srft"] = "#D62728",
        ["upt"] = "#17BECF",
        ["prefix-rft"] = "#7F7F00",
    };

    private readonly Dictionary<string, string> _datasets;

    public Palette(StudyResult study)
    {
        _datasets = study.SftRuns.Select((r, i) => (r.Name, Colour: _datasetColours[i % _datasetColours.Length])).ToDictionary(p => p.Name, p => p.Colour, StringComparer.Ordinal);
    }

    public static string PureRl => "#E69F00";

    public static string PureSft => "#7F7F7F";

    public static string Ink => "#222222";

    public static string Muted => "#8A8F98";

    public string OfRun(string sftRun) => _datasets.GetValueOrDefault(sftRun, _datasetColours[0]);

    public string Of(BranchResult branch) => branch.Paradigm switch
    {
        Paradigm.SftThenRl => OfRun(branch.From ?? string.Empty),
        Paradigm.PureRl => PureRl,
        _ => _methodColours.GetValueOrDefault(branch.Algorithm, "#BCBD22"),
    };

    public string Of(ParadigmSummary paradigm, StudyResult study) => paradigm.Paradigm switch
    {
        Paradigm.PureSft => PureSft,
        _ => study.Branches.FirstOrDefault(b => b.Name == paradigm.BestRun) is { } b ? Of(b) : Muted,
    };

    public static Color Colour(string hex) => Color.FromHex(hex);
}
