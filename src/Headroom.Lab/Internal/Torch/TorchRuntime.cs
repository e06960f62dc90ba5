using TorchSharp;

namespace Headroom.Lab.Internal.Torch;

/// <summary>
/// Process-wide torch settings. Results depend on the intra-op thread count (1 and 2 threads differ in
/// the last bits), so every run sets it explicitly and records it.
/// </summary>
internal static class TorchRuntime
{
    /// <summary>Sets the intra-op thread count; at least 1.</summary>
    public static void UseThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        torch.set_num_threads(threads);
    }

    /// <summary>The intra-op thread count torch will use.</summary>
    public static int Threads => torch.get_num_threads();
}
