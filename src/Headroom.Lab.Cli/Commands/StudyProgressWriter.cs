using System.Diagnostics;

namespace Headroom.Lab.Cli.Commands;

/// <summary>
/// A study's progress on stderr: "N done, M running (run 40%, ...), K left, elapsed, ETA" redrawn in place
/// on a terminal, with each event (a run started, finished, skipped, failed) on its own line; otherwise
/// every event and a status line at most every ten seconds.
/// </summary>
internal sealed class StudyProgressWriter(TextWriter error, bool live, bool quiet) : IProgress<StudyProgress>
{
    private readonly Stopwatch _sinceLine = Stopwatch.StartNew();
    private readonly Lock _gate = new();

    public void Report(StudyProgress value)
    {
        if (quiet)
        {
            return;
        }

        lock (_gate)
        {
            var status = Describe(value);
            if (live)
            {
                error.Write(value.Message is null ? $"\rstudy {status}\u001b[K" : $"\r\u001b[Kstudy: {value.Message}\n\rstudy {status}\u001b[K");
            }
            else if (value.Message is not null || _sinceLine.Elapsed.TotalSeconds >= 10)
            {
                error.WriteLine(value.Message is null ? $"study {status}" : $"study: {value.Message} | {status}");
                _sinceLine.Restart();
            }
        }
    }

    private static string Describe(StudyProgress value)
    {
        var running = value.Running.Count == 0 ? "" : $" ({string.Join(", ", value.Running.Select(r => $"{r.Id} {r.Fraction:P0}"))})";
        var eta = value.Eta is { } e ? $"ETA {e:hh\\:mm\\:ss}" : "ETA after the first run";
        return $"{value.Done} done, {value.Running.Count} running{running}, {value.Left} left; elapsed {value.Elapsed:hh\\:mm\\:ss}, {eta}";
    }
}
