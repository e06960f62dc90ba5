namespace Headroom.Lab;

/// <summary>How a study starts one `headroom lab` command as its own process.</summary>
/// <param name="Executable">The program (the lab tool itself, or `dotnet`).</param>
/// <param name="Prefix">Arguments before the lab subcommand (e.g. the tool's dll for `dotnet`, and `lab` when the lab is a subcommand).</param>
public sealed record WorkerCommand(string Executable, IReadOnlyList<string> Prefix);
