using System.Text.Json;
using Headroom.Cli;

namespace Headroom.Lab.Cli.Tests.Data;

/// <summary>What one in-process run of `headroom-lab` (or of `headroom`, to read the lab's output back) returned and wrote.</summary>
internal sealed record ToolRun(int ExitCode, string Output, string Error)
{
    /// <summary>Runs `headroom-lab` with <paramref name="args"/>, capturing stdout and stderr.</summary>
    public static ToolRun Lab(params string[] args) => Capture(args, LabCli.Run);

    /// <summary>Runs `headroom` with <paramref name="args"/>, capturing stdout and stderr.</summary>
    public static ToolRun Headroom(params string[] args) => Capture(args, HeadroomCli.Run);

    /// <summary>stdout parsed as a JSON document.</summary>
    public JsonElement Json => JsonDocument.Parse(Output).RootElement;

    /// <summary>The lines written to stderr.</summary>
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Asserts a bad-input failure: exit 1, nothing on stdout, one line on stderr with no stack trace.</summary>
    public string AssertBadInput()
    {
        Assert.Equal(HeadroomCli.BadInput, ExitCode);
        Assert.Equal(string.Empty, Output);
        var line = Assert.Single(ErrorLines);
        Assert.StartsWith("headroom: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", Error, StringComparison.Ordinal);
        return line;
    }

    private static ToolRun Capture(string[] args, Func<string[], TextWriter, TextWriter, int> run)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = run(args, output, error);
        return new ToolRun(exit, output.ToString(), error.ToString());
    }
}
