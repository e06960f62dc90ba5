using System.Diagnostics;

namespace Headroom.Lab.Cli.Commands;

/// <summary>
/// Lab progress on stderr: a live bar (steps/s, tokens/s, ETA, loss) redrawn in place when stderr is a
/// terminal, with events such as the resolved config on their own lines; otherwise plain log lines (at
/// most one every two seconds per stage, plus every event, evaluation and the last step).
/// </summary>
internal sealed class LabProgressWriter(TextWriter error, bool live, bool quiet) : IProgress<TrainingProgress>
{
    private const int BarWidth = 24;
    private readonly Stopwatch _sinceLine = Stopwatch.StartNew();
    private string _stage = "";

    public void Report(TrainingProgress value)
    {
        if (quiet)
        {
            return;
        }

        var stageChanged = value.Stage != _stage;
        _stage = value.Stage;
        var line = Describe(value);
        if (live && !double.IsFinite(value.Loss) && value.Message is not null)
        {
            // Events between steps (start, resume, labelling) get their own line above the bar.
            error.WriteLine($"\r\u001b[K{value.Stage} {line}");
        }
        else if (live)
        {
            var filled = value.MaxSteps == 0 ? 0 : (int)Math.Round(BarWidth * (double)value.Step / value.MaxSteps);
            error.Write($"\r{value.Stage,-13} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {line}\u001b[K");
            if (value.Step >= value.MaxSteps && value.Message is null)
            {
                error.WriteLine();
            }
        }
        else if (stageChanged || value.Message is not null || value.Step >= value.MaxSteps || _sinceLine.Elapsed.TotalSeconds >= 2)
        {
            error.WriteLine($"{value.Stage} {line}");
            _sinceLine.Restart();
        }
    }

    private static string Describe(TrainingProgress value)
    {
        var text = $"step {value.Step}/{value.MaxSteps}";
        if (double.IsFinite(value.Loss))
        {
            text += $" loss {value.Loss:F4}{(double.IsFinite(value.Reward) ? $" reward {value.Reward:F3}" : "")} {value.StepsPerSecond:F2} steps/s {value.TokensPerSecond:F0} tokens/s eta {value.Remaining:hh\\:mm\\:ss}";
        }

        return value.Message is null ? text : $"{text} ({value.Message})";
    }
}
