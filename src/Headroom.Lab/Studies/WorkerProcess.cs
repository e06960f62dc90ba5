using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Headroom.Lab.Studies;

/// <summary>
/// Runs one study run as its own `headroom lab` process: its JSON report to logs/ID.json, its progress lines
/// to logs/ID.log (the last "step N/M" read as the run's fraction done). The child's standard input is a
/// pipe it watches (<see cref="WorkerEnvironment"/>): if the study dies, even by SIGKILL, the pipe closes and
/// the run stops at its next step; a cancelled study kills its runs, whose newest checkpoints stay.
/// </summary>
internal static partial class WorkerProcess
{
    /// <summary>How a run ended: its exit code, wall time and its last line of output on stderr.</summary>
    public sealed record Outcome(int ExitCode, double Seconds, string LastError);

    public static async Task<Outcome> RunAsync(WorkerCommand worker, StudyRun run, string logs, Action<double> fraction, CancellationToken cancel)
    {
        var logFile = Path.Combine(logs, run.Id.Replace('/', '-') + ".log");
        var reportFile = Path.Combine(logs, run.Id.Replace('/', '-') + ".json");
        var start = new ProcessStartInfo(worker.Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in worker.Prefix.Concat(run.Arguments))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[WorkerEnvironment.Variable] = "1";
        start.Environment["NO_COLOR"] = "1";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw LabException.WorkerDidNotStart(worker.Executable);
        await using var log = new StreamWriter(logFile, append: true) { AutoFlush = true }; // readable while the run goes on
        await log.WriteLineAsync($"$ {worker.Executable} {string.Join(' ', worker.Prefix.Concat(run.Arguments))}");
        var lastError = "";
        var errors = Task.Run(
            async () =>
            {
                while (await process.StandardError.ReadLineAsync(CancellationToken.None) is { } line)
                {
                    await log.WriteLineAsync(line);

                    if (line.Trim().Length > 0)
                    {
                        lastError = line.Trim();
                    }

                    if (Step().Match(line) is { Success: true } m && int.TryParse(m.Groups[2].Value, CultureInfo.InvariantCulture, out var total) && total > 0)
                    {
                        fraction(Math.Clamp(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) / (double)total, 0, 1));
                    }
                }
            },
            CancellationToken.None);
        var report = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancel);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw;
        }
        finally
        {
            await errors;
        }

        await File.WriteAllTextAsync(reportFile, await report, CancellationToken.None);
        return new Outcome(process.ExitCode, clock.Elapsed.TotalSeconds, lastError);
    }

    [GeneratedRegex(@"step (\d+)/(\d+)")]
    private static partial Regex Step();
}
