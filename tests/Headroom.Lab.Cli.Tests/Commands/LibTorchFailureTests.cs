using System.Runtime.InteropServices;
using Headroom.Lab.Cli.Commands;

namespace Headroom.Lab.Cli.Tests.Commands;

public sealed class LibTorchFailureTests
{
    [Fact]
    public void A_libtorch_error_becomes_its_first_line_without_the_cpp_frames()
    {
        // Given the message TorchSharp raised when a run died inside RMSNorm (first line, then libtorch's frames)
        var message = "Expected false to be true, but got false.  (Could this error message be improved?  If so, please report an enhancement request to PyTorch.)\n"
            + "Exception raised from toFloat at /pytorch/c10/core/Scalar.h:140 (most recent call first):\n"
            + "frame #0: c10::Error::Error(c10::SourceLocation, std::string) + 0xb0 (0x7fe15eff61a0 in libc10.so)\n";

        // When it is described
        var line = LibTorchFailure.Describe(new ExternalException(message));

        // Then it is one line: the first line of the message and what to do, no frame
        Assert.DoesNotContain('\n', line);
        Assert.StartsWith("libtorch failed: Expected false to be true, but got false.", line, StringComparison.Ordinal);
        Assert.DoesNotContain("frame #", line, StringComparison.Ordinal);
        Assert.Contains("run the same command again to resume", line, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_libtorch_message_still_gives_a_line()
    {
        Assert.StartsWith("libtorch failed: no message;", LibTorchFailure.Describe(new ExternalException("")), StringComparison.Ordinal);
    }
}
