using Headroom.Lab.Cli.Tests.Data;

namespace Headroom.Lab.Cli.Tests.Help;

public sealed class HelpTextTests
{
    [Theory]
    [InlineData("")]
    [InlineData("data")]
    [InlineData("pretrain")]
    [InlineData("sft")]
    [InlineData("rl")]
    [InlineData("eval")]
    [InlineData("export")]
    [InlineData("study")]
    public void Help_of_each_lab_command_matches_the_reviewed_text(string command)
    {
        // When
        var result = ToolRun.Lab([.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);

        // Then: a change here changes what users read; review it, then accept with HEADROOM_ACCEPT_GOLDEN=1
        Assert.Equal(0, result.ExitCode);
        // (the usage line names the host process, which is the test runner here)
        var text = result.Output.Replace("Headroom.Lab.Cli.Tests", "headroom-lab", StringComparison.Ordinal);
        Golden.Verify("Headroom.Lab.Cli.Tests", "Help", command.Length == 0 ? "lab" : $"lab-{command}", "txt", text);
    }
}
