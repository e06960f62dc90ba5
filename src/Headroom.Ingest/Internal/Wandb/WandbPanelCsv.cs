using System.Globalization;

namespace Headroom.Ingest;

/// <summary>
/// The CSV a W&amp;B panel exports ("Export → CSV"): an x-axis column (`Step`, or the panel's
/// x-axis such as `train/global_step`), then for each run and metric `&lt;run&gt; - &lt;metric&gt;`
/// plus `&lt;run&gt; - &lt;metric&gt;__MIN` and `__MAX` (wandb issues #5349, #6474). Each run prefix
/// becomes one run; the column is split at its last " - ", since run names are free text and metric
/// names rarely hold that sequence. `__MIN`/`__MAX` are the bounds of a downsampled bucket, not logged
/// values: their cells are skipped and counted.
/// </summary>
internal static class WandbPanelCsv
{
    internal const string MinMaxReason = "__MIN/__MAX cell of a panel export (bucket bounds, not logged values)";

    public static bool IsPanelHeader(string[] header)
        => header.Length >= 2 && !header[0].Contains(" - ", StringComparison.Ordinal)
            && header.Skip(1).All(column => column.Contains(" - ", StringComparison.Ordinal));

    public static IReadOnlyList<RunLog> Read(string path, ReaderOptions options, string format)
    {
        using var csv = WandbExport.Open(path);
        string[] header = [.. csv.Headers];
        var axis = header[0];
        if (!IsStepAxis(axis))
        {
            throw IngestException.NotAStepAxis(path, axis);
        }

        var runs = new List<(string Name, WandbRunBuilder Builder)>();
        var columns = new (WandbRunBuilder? Builder, int Key, bool MinMax)[header.Length];
        for (var i = 1; i < header.Length; i++)
        {
            var split = header[i].LastIndexOf(" - ", StringComparison.Ordinal);
            var run = header[i][..split];
            var metric = header[i][(split + 3)..];
            var builder = runs.Find(r => r.Name == run).Builder;
            if (builder is null)
            {
                builder = new WandbRunBuilder();
                runs.Add((run, builder));
            }

            var minMax = metric.EndsWith("__MIN", StringComparison.Ordinal) || metric.EndsWith("__MAX", StringComparison.Ordinal);
            columns[i] = (builder, minMax ? -1 : builder.KeyId(metric), minMax);
        }

        while (csv.Read())
        {
            var cells = WandbExport.Cells(csv);
            var line = csv.LineNumber;
            if (cells.Length == 0 || !double.TryParse(cells[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || !double.IsFinite(x))
            {
                if (options.BadRecords == BadRecordPolicy.Strict)
                {
                    throw IngestException.Malformed(path, line, $"the step '{(cells.Length > 0 ? cells[0] : string.Empty)}' is not a number");
                }

                foreach (var (_, builder) in runs)
                {
                    builder.Skipped.Add("row whose step is not a number", $"{path}: line {line}");
                }

                continue;
            }

            for (var i = 1; i < Math.Min(cells.Length, columns.Length); i++)
            {
                var (builder, key, minMax) = columns[i];
                if (minMax)
                {
                    if (cells[i].Length > 0)
                    {
                        builder!.Skipped.Add(MinMaxReason, $"{path}: line {line}");
                    }

                    continue;
                }

                WandbExport.AddCell(builder!, key, cells[i], path, line);
            }

            foreach (var (_, builder) in runs)
            {
                builder.EndRow(explicitStep: (long)x);
            }
        }

        return runs.Select(r => r.Builder.Build(format, path, r.Name, options)).ToArray();
    }

    private static bool IsStepAxis(string column)
        => column.Equals("Step", StringComparison.OrdinalIgnoreCase)
            || column == "_step"
            || column.EndsWith("global_step", StringComparison.Ordinal)
            || column.EndsWith("/step", StringComparison.Ordinal);
}
