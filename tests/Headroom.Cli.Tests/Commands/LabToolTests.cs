using Headroom.Cli.Commands;
using Headroom.Cli.Tests.Data;

namespace Headroom.Cli.Tests.Commands;

public sealed class LabToolTests : IDisposable
{
    private readonly TempFolder _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Without_the_lab_tool_headroom_lab_says_in_one_line_how_to_install_it()
    {
        // Given no HEADROOM_LAB and a PATH without headroom-lab
        var environment = Environment(("PATH", _files.Path));

        // When
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = LabTool.Forward(["sft", "--dataset", "small"], output, error, environment);

        // Then
        Assert.Equal(HeadroomCli.BadInput, exit);
        Assert.Equal("", output.ToString());
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("headroom: the lab is a separate tool, headroom-lab", line, StringComparison.Ordinal);
        Assert.Contains("dotnet tool install --global headroom-lab", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lab_tool_on_PATH_gets_the_arguments_and_its_output_and_exit_code_come_back()
    {
        // Given a stand-in headroom-lab on PATH that echoes its arguments and exits with 3
        var tool = FakeLab(_files.Path, "printf '%s|' \"$@\"; echo; echo 'from stderr' >&2; exit 3");

        // When
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = LabTool.Forward(["sft", "--out", "a b", "--set", "x=1"], output, error, Environment(("PATH", $"/nonexistent{Path.PathSeparator}{Path.GetDirectoryName(tool)}")));

        // Then every argument arrives intact (the one with a space too)
        Assert.Equal(3, exit);
        Assert.Equal("sft|--out|a b|--set|x=1|\n", output.ToString());
        Assert.Equal("from stderr\n", error.ToString());
    }

    [Fact]
    public void HEADROOM_LAB_wins_over_PATH_and_a_missing_file_there_is_named()
    {
        // Given two stand-ins: one named by HEADROOM_LAB, one on PATH
        var named = FakeLab(Path.Combine(_files.Path, "named"), "echo named");
        var onPath = FakeLab(Path.Combine(_files.Path, "path"), "echo path");

        // When / Then
        Assert.Equal(named, LabTool.Locate(Environment(("HEADROOM_LAB", named), ("PATH", Path.GetDirectoryName(onPath)!)), out _));
        Assert.Null(LabTool.Locate(Environment(("HEADROOM_LAB", "/no/such/headroom-lab")), out var problem));
        Assert.StartsWith("HEADROOM_LAB names '/no/such/headroom-lab', which does not exist", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Headroom_lab_is_forwarded_before_parsing_so_lab_options_are_not_usage_errors()
    {
        // Given (the test host's environment has no lab tool unless HEADROOM_LAB or PATH name one)
        if (LabTool.Locate(System.Environment.GetEnvironmentVariable, out _) is not null)
        {
            Assert.Skip("Skipped: a headroom-lab tool is installed on this machine, so the missing-tool message cannot be shown.");
        }

        // When an option only the lab knows follows `lab`
        var result = CliResult.Run("lab", "sft", "--dataset", "small", "--preset", "tiny");

        // Then the answer is the missing-tool line (exit 1), not a parse error (exit 2)
        Assert.StartsWith("headroom: the lab is a separate tool", result.AssertBadInput(), StringComparison.Ordinal);
    }

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    private static string FakeLab(string folder, string body)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Skipped: the stand-in lab tool is a shell script.");
        }
        else
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, LabTool.ExecutableName), $"#!/bin/sh\n{body}\n");
            File.SetUnixFileMode(Path.Combine(folder, LabTool.ExecutableName), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return Path.Combine(folder, LabTool.ExecutableName);
    }
}
