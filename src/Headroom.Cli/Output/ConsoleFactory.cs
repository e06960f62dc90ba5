using Spectre.Console;

namespace Headroom.Cli.Output;

/// <summary>Creates Spectre consoles over the writers a command was given, so tests can capture tables.</summary>
internal static class ConsoleFactory
{
    /// <summary>A console that renders tables to <paramref name="writer"/>; colour only when it is a real terminal.</summary>
    public static IAnsiConsole For(TextWriter writer)
    {
        var isTerminal = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected
            || ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected;
        var noColor = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = isTerminal && !noColor ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal && !noColor ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!isTerminal)
        {
            console.Profile.Width = 160;
        }

        return console;
    }

    /// <summary>True when progress can be drawn live on stderr (a terminal, not CI, not NO_COLOR-only pipes).</summary>
    public static bool CanDrawLiveProgress(TextWriter error)
        => ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected
            && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
