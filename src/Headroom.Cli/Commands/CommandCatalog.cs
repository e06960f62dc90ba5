using System.CommandLine;

namespace Headroom.Cli.Commands;

/// <summary>Every verb of the `headroom` command, in the order help lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return InitCommand.Create();
        yield return AnalyzeCommand.Create();
        yield return PlanCommand.Create();
        yield return WatchCommand.Create();
        yield return FitCommand.Create();
        yield return RegimesCommand.Create();
        yield return SelectCommand.Create();
        yield return FlopsCommand.Create();
        yield return InspectCommand.Create();
        yield return IngestCommand.Create();
        yield return SimulateCommand.Create();
        yield return LabTool.HelpEntry();
    }
}
