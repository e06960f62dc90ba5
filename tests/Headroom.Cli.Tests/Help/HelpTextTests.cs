using Headroom.Cli.Tests.Data;

namespace Headroom.Cli.Tests.Help;

public sealed class HelpTextTests
{
    [Theory]
    [InlineData("init")]
    [InlineData("analyze")]
    [InlineData("plan")]
    [InlineData("watch")]
    [InlineData("fit")]
    [InlineData("regimes")]
    [InlineData("select")]
    [InlineData("flops")]
    [InlineData("simulate")]
    [InlineData("inspect")]
    [InlineData("ingest")]
    public void Help_of_each_command_matches_the_reviewed_text(string command)
    {
        // When
        var result = CliResult.Run([.. command.Split(' '), "--help"]);

        // Then: a change here changes what users read; review it, then accept with HEADROOM_ACCEPT_GOLDEN=1
        Assert.Equal(0, result.ExitCode);
        // (the usage line names the host process, which is the test runner here)
        var text = result.Output.Replace("Headroom.Cli.Tests ", "headroom ", StringComparison.Ordinal);
        Golden.Verify("Headroom.Cli.Tests", "Help", command.Replace(' ', '-'), "txt", text);
    }
}
