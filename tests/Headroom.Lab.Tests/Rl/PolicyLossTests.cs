using Headroom.Lab.Internal.Torch;
using Headroom.Lab.Rl;
using static TorchSharp.torch;

namespace Headroom.Lab.Tests.Rl;

public sealed class PolicyLossTests
{
    // Two rollouts of three response-token slots. Row 0 (A = +1): log-ratios 0.5, 0.1 and one padding slot;
    // row 1 (A = -1): log-ratios -0.5, 0.5, 0.
    private static readonly float[] _logRatios = [0.5f, 0.1f, 0f, -0.5f, 0.5f, 0f];
    private static readonly float[] _mask = [1, 1, 0, 1, 1, 1];

    [Fact]
    public void The_clipped_surrogate_is_the_token_mean_of_the_larger_loss_as_worked_by_hand()
    {
        // Given ε_low = ε_high = 0.2 (GRPO). Per token max(-A ρ, -A clip(ρ, 0.8, 1.2)):
        //   row 0: ρ = e^0.5 = 1.64872 -> max(-1.64872, -1.2) = -1.2 (clipped); ρ = e^0.1 = 1.10517 -> -1.10517
        //   row 1: ρ = e^-0.5 = 0.60653 -> max(0.60653, 0.8) = 0.8 (clipped); ρ = 1.64872 -> 1.64872; ρ = 1 -> 1
        // mean over the 5 response tokens: (-1.2 - 1.10517 + 0.8 + 1.64872 + 1) / 5 = 0.228710; clipped 2 of 5
        TorchRuntime.UseThreads(1);
        var (logProbs, old, advantages, mask) = Inputs();

        // When
        var terms = PolicyLoss.Compute(logProbs, old, advantages, mask, clipLow: 0.2, clipHigh: 0.2);

        // Then
        Precision.AssertClose(0.228710, terms.Loss.item<float>(), 5);
        Precision.AssertClose(0.228710, terms.PgLoss, 5);
        Precision.AssertClose(0.4, terms.ClipFraction, 6);
        Precision.AssertClose(-(0.5 + 0.1 - 0.5 + 0.5) / 5, terms.ApproxKl, 6); // mean of old - new
        Assert.Equal(0, terms.Kl);
    }

    [Fact]
    public void Clipped_tokens_pass_no_gradient_and_unclipped_ones_pass_minus_A_rho_over_the_token_count()
    {
        // Given the same tensors
        TorchRuntime.UseThreads(1);
        var (logProbs, old, advantages, mask) = Inputs();

        // When the loss is differentiated with respect to log π
        PolicyLoss.Compute(logProbs, old, advantages, mask, 0.2, 0.2).Loss.backward();
        var gradient = logProbs.grad!.flatten().data<float>().ToArray();

        // Then d/dlogπ (-A ρ / 5) = -A ρ / 5 where unclipped, 0 where clipped or padded
        Assert.Equal(0, gradient[0]);                                  // ρ 1.649 above 1.2 with A > 0: clipped
        Precision.AssertClose(-Math.Exp(0.1) / 5, gradient[1], 5);     // -0.221034
        Assert.Equal(0, gradient[2]);                                  // padding
        Assert.Equal(0, gradient[3]);                                  // ρ 0.607 below 0.8 with A < 0: clipped
        Precision.AssertClose(Math.Exp(0.5) / 5, gradient[4], 5);      // A < 0 and ρ > 1.2: the unclipped term is larger, no clip
        Precision.AssertClose(1.0 / 5, gradient[5], 5);
    }

    [Fact]
    public void The_asymmetric_clip_of_DAPO_lets_a_positive_advantage_raise_the_ratio_to_1_28()
    {
        // Given ε_high = 0.28: row 0's first token is clipped at 1.28 instead of 1.2, so
        // (-1.28 - 1.10517 + 0.8 + 1.64872 + 1) / 5 = 0.212710
        TorchRuntime.UseThreads(1);
        var (logProbs, old, advantages, mask) = Inputs();

        // When
        var terms = PolicyLoss.Compute(logProbs, old, advantages, mask, clipLow: 0.2, clipHigh: 0.28);

        // Then
        Precision.AssertClose(0.212710, terms.PgLoss, 5);
        Precision.AssertClose(0.4, terms.ClipFraction, 6);
    }

    [Fact]
    public void The_KL_penalty_is_the_token_mean_of_the_k3_estimator_times_beta()
    {
        // Given reference log-probabilities with log π_ref - log π = 0.5, -0.5, 0 on row 0's slots and 0 on row 1:
        // k3 = e^r - r - 1: 0.148721, 0.106531, (padding), 0, 0, 0 -> mean over 5 tokens 0.051050
        TorchRuntime.UseThreads(1);
        var (logProbs, old, advantages, mask) = Inputs();
        using var reference = logProbs.detach() + tensor(new float[] { 0.5f, -0.5f, 0, 0, 0, 0 }, [2, 3]);

        // When β = 0.1
        var terms = PolicyLoss.Compute(logProbs, old, advantages, mask, 0.2, 0.2, reference, klCoef: 0.1);

        // Then
        Precision.AssertClose(0.051050, terms.Kl, 5);
        Precision.AssertClose(0.228710 + 0.1 * 0.051050, terms.Loss.item<float>(), 5);
    }

    private static (Tensor LogProbs, Tensor Old, Tensor Advantages, Tensor Mask) Inputs()
    {
        var logProbs = tensor(new float[] { -1f, -2f, -3f, -1.5f, -0.7f, -2.2f }, [2, 3]).requires_grad_();
        var old = logProbs.detach() - tensor(_logRatios, [2, 3]);
        return (logProbs, old, tensor(new float[] { 1, -1 }), tensor(_mask, [2, 3]));
    }
}
