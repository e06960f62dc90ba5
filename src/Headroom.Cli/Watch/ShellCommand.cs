using System.Diagnostics;

namespace Headroom.Cli.Watch;

/// <summary>
/// Runs a command line through the system shell (`/bin/sh -c`, or `cmd.exe /c` on Windows) with extra environment
/// variables, and waits for it. Its output goes to <c>log</c> (stderr), so stdout stays the caller's own.
/// </summary>
internal static class ShellCommand
{
    public static int Run(string commandLine, IReadOnlyDictionary<string, string> environment, TextWriter log)
    {
        var start = OperatingSystem.IsWindows()
            ? new ProcessStartInfo("cmd.exe") { ArgumentList = { "/c", commandLine } }
            : new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", commandLine } };
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = new Process { StartInfo = start };
        var gate = new object();
        void Forward(object sender, DataReceivedEventArgs line)
        {
            if (line.Data is not null)
            {
                lock (gate)
                {
                    log.WriteLine(line.Data);
                }
            }
        }

        process.OutputDataReceived += Forward;
        process.ErrorDataReceived += Forward;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        return process.ExitCode;
    }
}
