using System.Runtime.InteropServices;
using TorchSharp;

namespace Headroom.Lab.Internal.Torch;

/// <summary>
/// Process-wide torch settings. Results depend on the intra-op thread count (1 and 2 threads differ in
/// the last bits), so every run sets it explicitly and records it.
/// </summary>
internal static class TorchRuntime
{
    private const int TrimThreshold = -1; // mallopt's M_TRIM_THRESHOLD

    private const int MmapThreshold = -3; // mallopt's M_MMAP_THRESHOLD

    /// <summary>Freed memory glibc keeps at the top of the heap before returning it to the system.</summary>
    private const int KeptFreeBytes = 512 << 20;

    /// <summary>Allocations at least this large get their own mapping (glibc's largest allowed threshold).</summary>
    private const int OwnMappingBytes = 32 << 20;

    private static readonly Lazy<bool> _heapConfigured = new(KeepFreedMemory);

    /// <summary>Sets the intra-op thread count; at least 1. Also configures the native heap once per process.</summary>
    public static void UseThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _ = _heapConfigured.Value;
        torch.set_num_threads(threads);
    }

    /// <summary>The intra-op thread count torch will use.</summary>
    public static int Threads => torch.get_num_threads();

    /// <summary>
    /// Frees what TorchSharp leaves to the finalizer; call once per training step. Its optimizers pass
    /// their coefficients as implicitly converted Scalars that no dispose scope owns (dotnet/TorchSharp#1434):
    /// left to an occasional collection, hundreds of them per step scatter through the native heap, which
    /// then grows by megabytes per step (measured: 7 MB per full-preset step, 3,000 page faults). A gen-0
    /// collection costs about 0.3 ms.
    /// </summary>
    public static void ReleaseFinalizableNatives() => GC.Collect(0);

    // libtorch allocates every activation and gradient with malloc. By default glibc returns the top of
    // the heap to the system as soon as more than twice its (adaptive) mmap threshold is free, and the
    // end of each training step frees everything at once, so every step faulted its activations back in
    // (about 3,000 page faults per step on the full preset). Keeping up to KeptFreeBytes of freed memory
    // makes the next step reuse it. Setting the trim threshold turns off the adaptive mmap threshold, so
    // that is set too (to glibc's largest, so activations stay on the heap).
    private static bool KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return MallOpt(MmapThreshold, OwnMappingBytes) == 1 && MallOpt(TrimThreshold, KeptFreeBytes) == 1;
        }
        catch (EntryPointNotFoundException)
        {
            return false; // not glibc
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int parameter, int value);
}
