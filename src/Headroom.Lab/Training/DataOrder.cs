using Headroom.Lab.World;

namespace Headroom.Lab.Training;

/// <summary>
/// The order in which a run visits its examples: a fresh permutation per epoch, a pure function of
/// (seed, epoch). The position in the stream is all a checkpoint needs to continue the same order.
/// </summary>
internal sealed class DataOrder(long seed, int count)
{
    private long _epoch = -1;
    private int[] _order = [];

    /// <summary>The example index at position <paramref name="position"/> of the endless epoch stream.</summary>
    public int At(long position)
    {
        var epoch = position / count;
        if (epoch != _epoch)
        {
            _order = SplitMix64.For(seed, "data-order", epoch).Permutation(count);
            _epoch = epoch;
        }

        return _order[position % count];
    }
}
