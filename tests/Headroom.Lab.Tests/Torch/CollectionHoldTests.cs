using Headroom.Lab.Internal.Torch;
using static TorchSharp.torch;

namespace Headroom.Lab.Tests.Torch;

public sealed class CollectionHoldTests
{
    [Fact]
    public void Libtorch_calls_given_scalars_made_on_the_spot_survive_other_threads_collections_inside_holds()
    {
        // Given a tensor, calls that TorchSharp gives Scalars it makes on the spot (the numbers, add_'s alpha 1), and
        // another thread allocating all the time, so that collections would suspend this one inside its calls (without
        // the holds this fails within seconds: "Expected false to be true" from c10::Scalar::toDouble)
        TorchRuntime.UseThreads(1);
        using var values = ones(64, 64);

        // When the calls run for two seconds, a hundred to a hold
        var held = 0;
        var (rounds, collections) = CollectionPressure.Run(TimeSpan.FromSeconds(2), () =>
        {
            using var hold = CollectionHold.Begin();
            held += CollectionHold.InEffect ? 1 : 0;
            for (var i = 0; i < 25; i++)
            {
                values.mul_(1.0000001).add_(values, alpha: -1e-7).clamp_(-10.0, 10.0).add_(0.0);
            }
        });

        // Then every call ran, the holds were in effect, the collections ran between holds, and the values are right
        // (in single precision 1 × 1.0000001 is 1 + 2⁻²³, and taking 1e-7 of it away rounds back to exactly 1). A hold
        // can be over before it is looked at: when this thread is descheduled (a busy machine: CI runs test assemblies
        // side by side), the allocating thread spends the budget and the runtime ends the region; most are not.
        Assert.True(held > rounds / 2, $"{held} of {rounds} holds in effect");
        Assert.True(rounds > 100, $"{rounds} rounds of 100 calls");
        Assert.True(collections >= 10, $"{collections} collections");
        Assert.Equal(1f, values.mean().item<float>());
        Assert.False(CollectionHold.InEffect);
    }

    [Fact]
    public void A_hold_inside_a_hold_does_nothing_and_a_stretch_over_the_budget_ends_the_hold_without_an_error()
    {
        // Given a hold
        using (CollectionHold.Begin())
        {
            Assert.True(CollectionHold.InEffect);

            // When another begins and ends inside it, the outer one is still in effect
            using (CollectionHold.Begin())
            {
            }

            Assert.True(CollectionHold.InEffect);

            // When the stretch allocates more than the budget (small arrays, as TorchSharp's wrappers are)
            var kept = new List<byte[]>();
            for (long bytes = 0; bytes < 2 * CollectionHold.Budget; bytes += 1000)
            {
                kept.Add(new byte[1000]);
            }

            // Then the runtime has collected and ended the hold
            Assert.False(CollectionHold.InEffect);
        }

        // and leaving it is no error
        Assert.False(CollectionHold.InEffect);
    }
}
