using System.Text.Json;

namespace Headroom.Cli.Tests.Data;

/// <summary>What one in-process run of `headroom` returned and wrote.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>Runs `headroom` with <paramref name="args"/>, capturing stdout and stderr.</summary>
    public static CliResult Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = HeadroomCli.Run(args, output, error);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

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
}
