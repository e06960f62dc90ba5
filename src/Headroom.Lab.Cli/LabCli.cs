using System.CommandLine;
using Headroom.Cli;
using Headroom.Lab.Cli.Commands;

namespace Headroom.Lab.Cli;

/// <summary>
/// The `headroom-lab` command (what `headroom lab` runs): the lab's verbs under one root, with the
/// error discipline of `headroom` (usage errors exit 2, bad input prints one line and exits 1).
/// </summary>
public static class LabCli
{
    /// <summary>Runs the lab command line with the given output writers and returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        return HeadroomCli.Run(BuildRootCommand(), "headroom lab", args, output, error);
    }

    /// <summary>Builds the root command with every lab verb.</summary>
    public static RootCommand BuildRootCommand()
    {
        var root = new RootCommand(LabCommand.Description);
        foreach (var command in LabCommand.Verbs())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }
}
