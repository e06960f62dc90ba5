using System.Net;
using System.Text;

namespace Headroom.Report;

/// <summary>Small HTML helpers: escaping, tables and figures.</summary>
internal static class Html
{
    public static string Text(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A table with a header row; cells are escaped text; numeric columns (by index) align right.</summary>
    public static void Table(StringBuilder html, string cssClass, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, ISet<int>? numeric = null, Func<int, string?>? rowClass = null)
    {
        html.Append("<div class=\"table-wrap\"><table class=\"").Append(cssClass).Append("\">\n<thead><tr>");
        for (var i = 0; i < header.Count; i++)
        {
            html.Append(numeric?.Contains(i) == true ? "<th class=\"num\">" : "<th>").Append(Text(header[i])).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        var index = 0;
        foreach (var row in rows)
        {
            var css = rowClass?.Invoke(index++);
            html.Append(css is null ? "<tr>" : $"<tr class=\"{css}\">");
            for (var i = 0; i < row.Count; i++)
            {
                html.Append(numeric?.Contains(i) == true ? "<td class=\"num\">" : "<td>").Append(Text(row[i])).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table></div>\n");
    }

    /// <summary>A figure holding a chart's SVG with a caption.</summary>
    public static void Figure(StringBuilder html, string id, Chart chart, int width, int height, string caption, string cssClass = "chart")
    {
        html.Append("<figure class=\"").Append(cssClass).Append("\" data-chart=\"").Append(Text(id)).Append("\">\n").Append(chart.Svg(width, height))
            .Append("\n<figcaption>").Append(Text(caption)).Append("</figcaption>\n</figure>\n");
    }
}
