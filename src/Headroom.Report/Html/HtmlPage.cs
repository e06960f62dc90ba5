using Headroom.Study;

namespace Headroom.Report;

/// <summary>The report page.</summary>
internal static class HtmlPage
{
    public static string Of(StudyResult study)
    {
        var palette = new Palette(study);
        return string.Concat(study.Branches.Select(b => CeilingChart.Of(b, palette).Svg(420, 280)));
    }
}
