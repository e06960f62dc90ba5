using System.CommandLine;
using System.Diagnostics;

namespace Headroom.Cli.Commands;

/// <summary>
/// `headroom lab ...` runs the separately installed lab tool, `headroom-lab`, with the same arguments.
/// The lab carries libtorch (about 600 MB), so the analysis tool does not: it finds the lab through
/// HEADROOM_LAB, beside its own executable, or on PATH, and names how to install it when it is missing.
/// </summary>
internal static class LabTool
{
    /// <summary>The verb that forwards to the lab tool.</summary>
    public const string CommandName = "lab";

    /// <summary>The lab tool's command name (its .NET tool command and executable).</summary>
    public const string ExecutableName = "headroom-lab";

    /// <summary>An environment variable naming the lab executable or its .dll, when it is not on PATH.</summary>
    public const string PathVariable = "HEADROOM_LAB";

    /// <summary>The `lab` entry shown by `headroom --help`; the arguments never reach it (see <see cref="HeadroomCli.Run(string[], TextWriter, TextWriter)"/>).</summary>
    public static Command HelpEntry() => new(
        CommandName,
        $"The lab: a tiny transformer trained with SFT and RL on CPU (the separate tool {ExecutableName}, which carries libtorch; 'headroom lab --help' lists its commands).");

    /// <summary>Runs the lab tool with <paramref name="arguments"/> and returns its exit code.</summary>
    public static int Forward(string[] arguments, TextWriter output, TextWriter error, Func<string, string?> environment)
    {
        var executable = Locate(environment, out var problem);
        if (executable is null)
        {
            error.WriteLine($"headroom: {problem}");
            return HeadroomCli.BadInput;
        }

        var start = StartInfo(executable, arguments);
        // On the real console the lab draws its live progress bar straight to the terminal; tests and
        // other callers with their own writers get the lab's output copied through.
        var inheritConsole = ReferenceEquals(output, Console.Out) && ReferenceEquals(error, Console.Error);
        start.RedirectStandardOutput = !inheritConsole;
        start.RedirectStandardError = !inheritConsole;

        // Ctrl-C reaches the lab too (same process group); it keeps its newest checkpoint and exits, and
        // this process waits for that instead of dying first.
        ConsoleCancelEventHandler keepWaiting = (_, e) => e.Cancel = true;
        Console.CancelKeyPress += keepWaiting;
        try
        {
            using var process = Process.Start(start)!;
            if (!inheritConsole)
            {
                var copyOut = Task.Run(() => Copy(process.StandardOutput, output));
                var copyError = Task.Run(() => Copy(process.StandardError, error));
                Task.WaitAll(copyOut, copyError);
            }

            process.WaitForExit();
            return process.ExitCode;
        }
        finally
        {
            Console.CancelKeyPress -= keepWaiting;
        }
    }

    /// <summary>
    /// The lab executable (or .dll) to run: HEADROOM_LAB, then `headroom-lab` beside this executable, then
    /// on PATH. Null with <paramref name="problem"/> set when none is found.
    /// </summary>
    internal static string? Locate(Func<string, string?> environment, out string problem)
    {
        problem = "";
        var named = environment(PathVariable);
        if (!string.IsNullOrWhiteSpace(named))
        {
            if (File.Exists(named))
            {
                return Path.GetFullPath(named);
            }

            problem = $"{PathVariable} names '{named}', which does not exist; point it at the {ExecutableName} executable or its .dll, or unset it.";
            return null;
        }

        var folders = new[] { AppContext.BaseDirectory }
            .Concat((environment("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        var found = folders.Select(folder => Path.Combine(folder, ExecutableName)).FirstOrDefault(File.Exists);
        if (found is null)
        {
            problem = $"the lab is a separate tool, {ExecutableName} (it carries libtorch, about 600 MB), and it is not installed here; " +
                $"install it with 'dotnet tool install --global {ExecutableName}' (from a source checkout: 'dotnet pack' first, then add '--add-source ./nupkg'), " +
                $"set {PathVariable} to its path, or run it from source with 'dotnet run --project src/Headroom.Lab.Cli -- ARGUMENTS'.";
        }

        return found;
    }

    private static ProcessStartInfo StartInfo(string executable, string[] arguments)
    {
        // A framework-dependent .dll runs under the dotnet host that runs this process.
        var isAssembly = executable.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var start = new ProcessStartInfo(isAssembly ? DotnetHost() : executable) { UseShellExecute = false };
        if (isAssembly)
        {
            start.ArgumentList.Add(executable);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static string DotnetHost()
    {
        var host = Environment.ProcessPath;
        return host is not null && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
    }

    private static void Copy(StreamReader from, TextWriter to)
    {
        var buffer = new char[8192];
        int read;
        while ((read = from.Read(buffer, 0, buffer.Length)) > 0)
        {
            lock (to) // stdout and stderr may share one writer
            {
                to.Write(buffer, 0, read);
            }
        }
    }
}
