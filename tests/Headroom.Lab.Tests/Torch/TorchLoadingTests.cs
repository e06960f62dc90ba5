using Headroom.Lab.Internal.Torch;
using static TorchSharp.torch;

namespace Headroom.Lab.Tests.Torch;

public sealed class TorchLoadingTests
{
    [Fact]
    public void Torch_loads_and_one_gradient_step_lowers_a_least_squares_loss()
    {
        // Given y = 3x, and a one-weight model starting at w = 0
        TorchRuntime.UseThreads(1);
        using var x = tensor(new float[] { 1, 2, 3, 4 }).reshape(4, 1);
        using var y = x * 3;
        using var layer = nn.Linear(1, 1, hasBias: false);
        using (no_grad())
        {
            layer.weight!.zero_();
        }

        using var optimizer = optim.SGD(layer.parameters(), 0.01);

        // When one SGD step is taken on the mean squared error
        using var before = nn.functional.mse_loss(layer.call(x), y);
        before.backward();
        optimizer.step();
        using var after = nn.functional.mse_loss(layer.call(x), y);

        // Then the loss is 67.5 before (mean of 9x²) and the weight moved by 0.01 * 2 * mean(9x²)/3 = 0.45
        Precision.AssertClose(67.5, before.item<float>(), 6, "initial loss");
        Precision.AssertClose(0.45, layer.weight!.item<float>(), 6, "weight after one step");
        Assert.True(after.item<float>() < before.item<float>());
        Assert.Equal(1, TorchRuntime.Threads);
    }

    [Fact]
    public void Output_copy_of_LibTorchSharp_has_only_the_GLIBCXX_3_4_32_need_marked_weak_and_the_package_cache_is_untouched()
    {
        // Given the native glue in the test output and the original in the NuGet package cache
        var output = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
        var cacheRoot = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var original = Path.Combine(cacheRoot, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (!File.Exists(original))
        {
            Assert.Skip($"The TorchSharp package is not in the cache at {original}.");
        }

        // When both are compared byte by byte
        var patched = File.ReadAllBytes(output);
        var pristine = File.ReadAllBytes(original);
        var differences = Enumerable.Range(0, pristine.Length).Where(i => patched[i] != pristine[i]).ToList();

        // Then exactly one byte differs, by the VER_FLG_WEAK bit (0x2), and it is a vna_flags field whose
        // entry names GLIBCXX_3.4.32 (vna_name follows 4 bytes later, as an offset into .dynstr)
        Assert.Equal(patched.Length, pristine.Length);
        var index = Assert.Single(differences);
        Assert.Equal(0x2, patched[index] ^ pristine[index]);
        Assert.Equal(0, pristine[index] & 0x2);
        var nameOffset = BitConverter.ToUInt32(pristine, index + 4);
        var dynstr = System.Text.Encoding.ASCII.GetString(pristine);
        var name = dynstr.IndexOf("GLIBCXX_3.4.32\0", StringComparison.Ordinal);
        Assert.True(name >= 0);
        Assert.EndsWith("GLIBCXX_3.4.32", dynstr[..(name + 14)]);
        Assert.True(nameOffset > 0 && nameOffset < name, "vna_name is an offset inside the dynamic string table");
    }
}
