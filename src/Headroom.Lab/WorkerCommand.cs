namespace Headroom.Lab;

/// <summary>How a study starts one lab command (`headroom-lab sft ...`) as its own process.</summary>
/// <param name="Executable">The program (the `headroom-lab` executable itself, or `dotnet`).</param>
/// <param name="Prefix">Arguments before the lab verb (the tool's dll when the program is `dotnet`).</param>
public sealed record WorkerCommand(string Executable, IReadOnlyList<string> Prefix);
