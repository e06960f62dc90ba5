using System.Globalization;
using System.Text.RegularExpressions;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Headroom.Report;

/// <summary>
/// One chart of the report: a ScottPlot figure styled alike everywhere (sans-serif text, light grid, no frame
/// clutter) and rendered to inline SVG that scales with the page. Log axes plot log10 of the value with ticks
/// labelled in the value's own units, as the paper's compute axes are.
/// </summary>
internal sealed partial class Chart
{
    public Chart(string title, string xLabel, string yLabel)
    {
        Plot = new Plot();
        Plot.Font.Set("DejaVu Sans");
        Plot.Title(title, size: 15);
        Plot.Axes.Title.Label.Bold = false;
        Plot.XLabel(xLabel, size: 13);
        Plot.YLabel(yLabel, size: 13);
        Plot.Axes.Bottom.TickLabelStyle.FontSize = 12;
        Plot.Axes.Left.TickLabelStyle.FontSize = 12;
        Plot.Grid.MajorLineColor = Color.FromHex("#E6E8EB");
        Plot.Axes.Right.FrameLineStyle.Width = 0;
        Plot.Axes.Top.FrameLineStyle.Width = 0;
        Plot.FigureBackground.Color = Colors.White;
        Plot.DataBackground.Color = Colors.White;
    }

    public Plot Plot { get; }

    /// <summary>Makes the bottom axis logarithmic: data are given as log10 values, ticks show powers of ten.</summary>
    public void LogX()
    {
        Plot.Axes.Bottom.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = value => Power(value),
        };
    }

    public static double Log(double value) => Math.Log10(value);

    /// <summary>The legend in rows under the plot, so it never covers data nor narrows the plotting area.</summary>
    public void LegendBelow()
    {
        Plot.ShowLegend(Edge.Bottom);
        Plot.Legend.Orientation = Orientation.Horizontal;
        Plot.Legend.FontSize = 11;
        Plot.Legend.OutlineWidth = 0;
        Plot.Legend.ShadowColor = Colors.Transparent;
    }

    /// <summary>The SVG of the chart at the given size, scaled to the width of its container.</summary>
    public string Svg(int width, int height)
    {
        var svg = Plot.GetSvgXml(width, height);
        svg = SvgSize().Replace(svg, $"<svg viewBox=\"0 0 {width} {height}\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\"", 1);
        return svg;
    }

    private static string Power(double log10)
    {
        var value = Math.Pow(10, log10);
        return value is >= 1e5 or < 0.01
            ? "10" + string.Concat(log10.ToString("0", CultureInfo.InvariantCulture).Select(Superscript))
            : value.ToString(value >= 1 ? "#,0" : "G3", CultureInfo.InvariantCulture);
    }

    private static char Superscript(char digit) => digit == '-' ? '⁻' : "⁰¹²³⁴⁵⁶⁷⁸⁹"[digit - '0'];

    [GeneratedRegex("<svg[^>]*?(?= xmlns|>)")]
    private static partial Regex SvgSize();
}
