using System.Runtime.InteropServices;

namespace Headroom.Lab.Cli.Commands;

/// <summary>
/// One line for an error libtorch raised (TorchSharp's <see cref="ExternalException"/>): its message
/// without the C++ frames that follow the first line, so a failure inside libtorch reads like every other
/// lab error instead of a stack trace.
/// </summary>
internal static class LibTorchFailure
{
    /// <summary>"libtorch failed: FIRST LINE; ..." with what the user can do.</summary>
    public static string Describe(ExternalException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var first = exception.Message.Split('\n', 2)[0].Trim();
        return $"libtorch failed: {(first.Length == 0 ? "no message" : first)}; the newest checkpoint is kept: run the same command again to resume, and report it if it recurs.";
    }
}
