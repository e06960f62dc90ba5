namespace Headroom.Lab.Tests.Torch;

/// <summary>
/// Runs an action again and again for a while with another thread allocating without pause, so that garbage
/// collections start while the test's thread is inside its native calls (what frees a Scalar TorchSharp made on the
/// spot during the call).
/// </summary>
internal static class CollectionPressure
{
    /// <summary>Calls <paramref name="round"/> until <paramref name="duration"/> has passed; the rounds run and the gen-0 collections meanwhile.</summary>
    public static (int Rounds, int Collections) Run(TimeSpan duration, Action round)
    {
        var collectionsBefore = GC.CollectionCount(0);
        using var stop = new CancellationTokenSource();
        var allocator = new Thread(() =>
        {
            var kept = new object[64];
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                kept[i & 63] = new byte[4096];
            }
        });
        allocator.Start();
        var rounds = 0;
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (clock.Elapsed < duration)
            {
                round();
                rounds++;
            }
        }
        finally
        {
            stop.Cancel();
            allocator.Join();
        }

        return (rounds, GC.CollectionCount(0) - collectionsBefore);
    }
}
