using System.CommandLine;
using Headroom.Cli.Commands;
using Headroom.Core;

namespace Headroom.Cli;

/// <summary>
/// The `headroom` command: builds the command tree and runs it with one error discipline. Usage errors
/// exit with 2, bad input (any <see cref="HeadroomException"/>) prints one line to stderr and exits with 1.
/// </summary>
public static class HeadroomCli
{
    /// <summary>Exit code for success.</summary>
    public const int Success = 0;

    /// <summary>Exit code for bad input: a file, value or setting that cannot be used.</summary>
    public const int BadInput = 1;

    /// <summary>Exit code for a command line that does not parse.</summary>
    public const int UsageError = 2;

    /// <summary>Runs the command line with the given output writers and returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is [LabTool.CommandName, .. var labArguments])
        {
            return LabTool.Forward(labArguments, output, error, Environment.GetEnvironmentVariable);
        }

        return Run(BuildRootCommand(), "headroom", args, output, error);
    }

    /// <summary>
    /// Parses and invokes <paramref name="args"/> against <paramref name="root"/> with the one error
    /// discipline every Headroom tool shares; <paramref name="usage"/> is the command named in the hint
    /// printed after a usage error.
    /// </summary>
    internal static int Run(RootCommand root, string usage, string[] args, TextWriter output, TextWriter error)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                error.WriteLine($"headroom: {parseError.Message}");
            }

            error.WriteLine($"Run '{usage} --help' for usage.");
            return UsageError;
        }

        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false,
        };

        try
        {
            return parse.Invoke(configuration);
        }
        catch (HeadroomException exception)
        {
            error.WriteLine($"headroom: {exception.Message}");
            return BadInput;
        }
        catch (IOException exception)
        {
            error.WriteLine($"headroom: {exception.Message}");
            return BadInput;
        }
        catch (UnauthorizedAccessException exception)
        {
            error.WriteLine($"headroom: {exception.Message}");
            return BadInput;
        }
        catch (Exception exception) when (exception is DllNotFoundException || exception.InnerException is DllNotFoundException)
        {
            // The package carries SkiaSharp's native library for the common platforms only (Headroom.Cli.csproj).
            error.WriteLine(
                $"headroom: the report's charts need SkiaSharp's native library, which the headroom package carries for linux-x64, linux-arm64, macOS and win-x64; "
                + $"this machine is {System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier} ({(exception.InnerException ?? exception).Message}).");
            return BadInput;
        }
    }

    /// <summary>Builds the root command with every verb.</summary>
    public static RootCommand BuildRootCommand()
    {
        var root = new RootCommand(
            "Headroom: how high each post-training run can go, when to switch from SFT to RL, and which expert data to train on (the Plasticity-Ceiling Framework).");
        foreach (var command in CommandCatalog.All())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }
}
