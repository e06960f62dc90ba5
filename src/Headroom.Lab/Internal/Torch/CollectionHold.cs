using System.Runtime;

namespace Headroom.Lab.Internal.Torch;

/// <summary>
/// A stretch of libtorch calls during which no garbage collection starts (a no-GC region of <see cref="Budget"/>
/// bytes), so that no object whose native handle a call is reading is finalized during the call.
/// </summary>
/// <remarks>
/// TorchSharp 0.107 passes a Scalar's handle to libtorch and keeps nothing alive for the call's length, and it makes
/// such Scalars itself wherever a number stands for one: in its operators (even <c>a + b</c> of two tensors makes
/// the Scalar 1 for <c>alpha</c>), in <c>add_</c>, in its AdamW (seven per parameter per step). A collection that
/// suspends this thread inside a call — started by an allocation on another thread, the finalizer's or a background
/// collection's — may find the Scalar unreachable; the finalizer then frees it while libtorch reads it, which fails
/// as "Expected false to be true" from <c>c10::Scalar::toDouble</c> (a study's RL run, once in hours; with another
/// thread allocating all the time, within seconds). Entering a hold costs about 0.01 ms and does any collection owed
/// then, with this thread in managed code. A stretch that allocates more than the budget gets a collection and
/// loses the hold for its rest: no error, the exposure of today; so does an induced one (<c>GC.Collect</c> from any
/// thread ends the region: call <c>TorchRuntime.ReleaseFinalizableNatives</c> between holds, never inside one). Holds do
/// not nest (an inner one does nothing).
/// Sampling is not held: a region hands its allocations fresh memory, and a hold per sampled token (or per batch)
/// made `lab eval` a third slower in page faults; the model and the sampler pass only owned Scalars instead.
/// </remarks>
internal readonly struct CollectionHold : IDisposable
{
    /// <summary>Managed bytes a stretch may allocate (every thread together) before the runtime collects anyway.</summary>
    public const long Budget = 32L << 20;

    private readonly bool _started;

    private CollectionHold(bool started) => _started = started;

    /// <summary>True while a hold is in effect (for tests and diagnostics).</summary>
    public static bool InEffect => GCSettings.LatencyMode == GCLatencyMode.NoGCRegion;

    /// <summary>Starts a hold unless one is in effect; dispose it when the stretch of calls ends.</summary>
    public static CollectionHold Begin()
    {
        if (InEffect)
        {
            return default;
        }

        // Unheld, as before holds, where the runtime cannot give the budget: false under a low GCHeapHardLimit, an
        // exception where the budget exceeds a segments-based GC's ephemeral segment.
        try
        {
            return new(GC.TryStartNoGCRegion(Budget));
        }
        catch (ArgumentOutOfRangeException)
        {
            return default;
        }
    }

    public void Dispose()
    {
        // A stretch that went over the budget was collected and its region ended by the runtime: nothing to end.
        if (_started && InEffect)
        {
            GC.EndNoGCRegion();
        }
    }
}
