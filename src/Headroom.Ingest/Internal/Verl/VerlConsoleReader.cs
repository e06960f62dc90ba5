using System.Globalization;
using System.Text.RegularExpressions;

namespace Headroom.Ingest;

/// <summary>
/// verl's console logger as captured by `nohup`/`tee`: `LocalLogger` prints `step:N - key:value - ...`
/// (`concat_dict_to_str`: pairs joined with " - ", values through pprint, older versions `:.3f`), inside
/// Ray's `(TaskRunner pid=...)` prefix, among ANSI colour codes and tqdm bars that redraw with a bare CR.
/// Numpy scalars print as `np.float64(0.5)`. Every console line (split at LF, CRLF and bare CR, as Python's
/// splitlines does) without metrics is counted as a skipped non-metric line; text values are counted per key. A log
/// is recognised by its metric lines, or by verl's own marks (Ray's `(TaskRunner pid=...)` prefix, `verl.trainer`)
/// when it holds none yet: it is then an error naming how many lines it holds, not an unknown file. W&amp;B's copy of the
/// console (`files/output.log`) cuts lines at 4096 characters: such a line's broken last pair is dropped and the keys
/// it lost are reported (see <see cref="CutLines"/>).
/// </summary>
internal sealed partial class VerlConsoleReader : ILogReader, IStreamingReader
{
    private const int DetectionBytes = 1 << 20;

    public string Format => Formats.VerlConsole;

    public bool CanRead(string path)
    {
        if (!File.Exists(path) || Path.GetExtension(path).ToLowerInvariant() is not (".log" or ".txt" or ".out" or ".err" or ""))
        {
            return false;
        }

        var head = FilePeek.Head(path, DetectionBytes);
        return head.IndexOf('\0') < 0
            && (head.Split('\n', '\r').Any(line => MetricLine().IsMatch(Ansi().Replace(line, string.Empty)))
                || head.Contains("(TaskRunner pid=", StringComparison.Ordinal)
                || head.Contains("verl.trainer", StringComparison.Ordinal));
    }

    public IReadOnlyList<RunLog> Read(string path, ReaderOptions options) => RunStreams.Materialize(sink => Stream(path, options, sink));

    public void Stream(string path, ReaderOptions options, IRunSink sink)
    {
        var run = sink.Begin(Format, path, Path.GetFileNameWithoutExtension(path), options);
        var seen = new HashSet<long>();
        var metricLines = 0;
        var consoleLines = 0;
        var cut = new CutLines();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096);
        if (stream.Length == 0)
        {
            throw IngestException.EmptyFile(path);
        }

        var reader = new LineReader(stream, options.BufferSize);
        while (reader.TryRead(out var line))
        {
            var location = RunBuilder.AtLine(path, line.Number);
            var bytes = line.Bytes.Span;
            var nul = Utf8Text.FindBinary(bytes);
            if (nul >= 0)
            {
                var error = IngestException.BinaryData(path, line.Offset + nul, 0);
                run.Fault("binary data in a console log", location, () => error);
                continue;
            }

            if (!Utf8Text.TryDecode(bytes, out var text, out var bad))
            {
                var offset = line.Offset + bad;
                run.Fault("invalid UTF-8 bytes (replaced by U+FFFD)", location, () => IngestException.InvalidUtf8(path, offset, line.Number));
            }

            // tqdm redraws with a bare CR: each CR-separated segment is a console line of its own.
            foreach (var segment in text.Split('\r'))
            {
                consoleLines++;
                var match = MetricLine().Match(Ansi().Replace(segment, string.Empty));
                if (!match.Success)
                {
                    run.Skip("non-metric console line", location);
                    continue;
                }

                metricLines++;
                var step = long.Parse(match.Groups["step"].Value, CultureInfo.InvariantCulture);
                JsonLines.CountRepeatedStep(run, seen, step, location);
                var pairs = match.Groups["rest"].Value.Split(" - ");
                var isCut = segment.Length == CutLines.Limit;
                if (isCut)
                {
                    // The last pair broke off at the limit: its key or its digits are incomplete.
                    cut.Add(location, pairs[^1], pairs[..^1].Select(KeyOf));
                    pairs = pairs[..^1];
                }
                else
                {
                    cut.Whole(pairs.Select(KeyOf));
                }

                foreach (var pair in pairs)
                {
                    AddPair(run, pair, step, location);
                }
            }
        }

        if (metricLines == 0)
        {
            throw IngestException.NoRecords(path, $"no 'step:N - key:value' line among its {consoleLines} lines");
        }

        cut.Report(run, path);
        run.Metadata["metric_lines"] = metricLines.ToString(CultureInfo.InvariantCulture);
        run.Metadata["console_lines"] = consoleLines.ToString(CultureInfo.InvariantCulture);
        sink.End(run);
    }

    private static void AddPair(RunBuilder run, string pair, long step, string location)
    {
        var colon = pair.IndexOf(':');
        if (colon <= 0)
        {
            run.Skip("fragment without key:value", location);
            return;
        }

        var key = pair[..colon].Trim();
        var value = pair[(colon + 1)..].Trim();
        if (TryValue(value, out var number))
        {
            run.Add(key, step, number);
        }
        else
        {
            run.Skip($"non-numeric value of '{key}'", location);
        }
    }

    private static string KeyOf(string pair) => pair.IndexOf(':') is > 0 and var colon ? pair[..colon].Trim() : pair.Trim();

    /// <summary>A printed scalar: a Python float/int, `np.float64(x)`, `tensor(x)`, True/False, nan/inf.</summary>
    internal static bool TryValue(string text, out double value)
    {
        var wrapped = Wrapped().Match(text);
        if (wrapped.Success)
        {
            text = wrapped.Groups["inner"].Value;
        }

        switch (text)
        {
            case "True":
                value = 1;
                return true;
            case "False":
                value = 0;
                return true;
        }

        return Numbers.TryParse(text, out value);
    }

    [GeneratedRegex(@"^\s*(\([^)]*\)\s*)?step:(?<step>[0-9]+) - (?<rest>.*\S)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex MetricLine();

    [GeneratedRegex(@"\x1B\[[0-9;?]*[ -/]*[@-~]", RegexOptions.CultureInvariant)]
    private static partial Regex Ansi();

    [GeneratedRegex(@"^(np|numpy)\.(float|int|uint)[0-9]*\((?<inner>[^,)]*)\)$|^tensor\((?<inner>[^,)]*)(,.*)?\)$", RegexOptions.CultureInvariant)]
    private static partial Regex Wrapped();
}
