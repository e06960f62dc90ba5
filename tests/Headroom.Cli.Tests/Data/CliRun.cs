namespace Headroom.Cli.Tests.Data;

/// <summary>Runs `headroom` in-process and captures its exit code, stdout and stderr.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Err)
{
    public static CliRun Of(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = HeadroomCli.Run(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}
