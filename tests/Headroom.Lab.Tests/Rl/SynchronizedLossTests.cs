using Headroom.Lab.Internal.Torch;
using Headroom.Lab.Rl;
using static TorchSharp.torch;

namespace Headroom.Lab.Tests.Rl;

/// <summary>
/// The synchronized SFT+RL losses on one fixed mini-batch of three rows and three token slots, worked by hand:
/// row 0 a correct rollout (A = +1, log-ratios 0.5 and 0.1, one padding slot), row 1 an incorrect rollout
/// (A = −1, log-ratios −0.5, 0.5, 0) and row 2 the expert trajectory (A = +0.5, probabilities 0.9 and 0.4, one
/// padding slot). The rollouts' numbers are PolicyLossTests' so their clipped sum, 1.143550, is known:
/// −1.2 − e^0.1 + 0.8 + e^0.5 + 1 over 5 sampled tokens, two of them clipped.
/// </summary>
public sealed class SynchronizedLossTests
{
    private const double SampledSum = 1.1435504; // Σ over the 5 sampled tokens of max(−A ρ, −A clip(ρ, 0.8, 1.2))

    private static readonly float[] _logProbs = [-1f, -2f, -3f, -1.5f, -0.7f, -2.2f, MathF.Log(0.9f), MathF.Log(0.4f), -3f];
    private static readonly float[] _logRatios = [0.5f, 0.1f, 0f, -0.5f, 0.5f, 0f, 0f, 0f, 0f];
    private static readonly float[] _mask = [1, 1, 0, 1, 1, 1, 1, 1, 0];
    private static readonly float[] _expert = [0, 0, 0, 0, 0, 0, 1, 1, 0];

    // Entropy on the sampled tokens 0.4, 0.6 | 0.2, 0.8, 0.5: H = 2.5 / 5 = 0.5 (expert and padding slots must not count)
    private static readonly float[] _entropy = [0.4f, 0.6f, 9f, 0.2f, 0.8f, 0.5f, 5f, 5f, 9f];

    private static RlConfig Config => new() { ClipLow = 0.2, ClipHigh = 0.2, ShapingGamma = 0.1, SftWeight = 0.5, PositiveWeight = 0.1 };

    [Fact]
    public void LUFFY_is_the_token_mean_of_the_clipped_rollout_terms_and_the_shaped_unclipped_expert_terms()
    {
        // Given expert tokens with p = 0.9 and 0.4 and γ = 0.1: −A p/(p+γ) = −0.5·0.9/1.0 = −0.45 and −0.5·0.4/0.5 = −0.4
        // so L = (1.143550 − 0.85) / 7 tokens = 0.041936
        TorchRuntime.UseThreads(1);
        var inputs = Inputs();

        // When
        var loss = new LuffyObjective().Loss(inputs, Config);

        // Then
        Precision.AssertClose((SampledSum - 0.85) / 7, loss.Loss.item<float>(), 5);
        Precision.AssertClose(SampledSum / 5, loss.Metrics["actor/on_pg_loss"], 5);
        Precision.AssertClose(-0.425, loss.Metrics["actor/off_pg_loss"], 5);
        Precision.AssertClose(0.65, loss.Metrics["actor/off_policy_prob"], 5);
        Precision.AssertClose(0.4, loss.Metrics["actor/pg_clipfrac"], 6);
    }

    [Fact]
    public void LUFFY_shaping_gives_the_less_likely_expert_token_the_larger_gradient()
    {
        // Given d/dlog p of −A p/(p+γ) / 7 = −A γ p / (p+γ)² / 7: −0.0064286 at p = 0.9 and −0.0114286 at p = 0.4,
        // where the plain ratio's −A p / 7 would give the likelier token the larger one (−0.0643 vs −0.0286)
        TorchRuntime.UseThreads(1);
        var inputs = Inputs();

        // When
        new LuffyObjective().Loss(inputs, Config).Loss.backward();
        var gradient = inputs.LogProbs.grad!.flatten().data<float>().ToArray();

        // Then the expert tokens carry the shaped gradient, an unclipped rollout token −A ρ / 7, padding nothing
        Precision.AssertClose(-0.1 * 0.5 * 0.9 / 7, gradient[6], 5);
        Precision.AssertClose(-0.1 * 0.5 * 0.4 / 0.25 / 7, gradient[7], 5);
        Precision.AssertClose(-Math.Exp(0.1) / 7, gradient[1], 5);
        Assert.Equal(0, gradient[0]); // clipped
        Assert.Equal(0, gradient[8]); // padding
    }

    [Fact]
    public void SRFT_weights_imitation_by_half_exp_minus_H_and_correct_rollouts_by_a_tenth_exp_H()
    {
        // Given H = 0.5 over the sampled tokens: w1 = 0.5 e^−0.5 = 0.303265, w2 = 0.1 e^0.5 = 0.164872;
        // J_SFT = −(ln 0.9 + ln 0.4)/2 = 0.510826; J_off = −A = −0.5 (ratio 1); J_pos = (1 + 2)/2 = 1.5;
        // J_neg = (−1.5 − 0.7 − 2.2)/3 = −1.466667; L = w1 J_SFT + J_off + w2 J_pos + J_neg = −1.564443
        TorchRuntime.UseThreads(1);
        var inputs = Inputs();

        // When
        var loss = new SrftObjective().Loss(inputs, Config);

        // Then
        Precision.AssertClose(0.303265, loss.Metrics["actor/sft_weight"], 5);
        Precision.AssertClose(0.164872, loss.Metrics["actor/pos_weight"], 5);
        Precision.AssertClose(0.510826, loss.Metrics["actor/sft_loss"], 5);
        Precision.AssertClose(-0.5, loss.Metrics["actor/off_pg_loss"], 6);
        Precision.AssertClose(1.5, loss.Metrics["actor/pos_loss"], 6);
        Precision.AssertClose(-4.4 / 3, loss.Metrics["actor/neg_loss"], 6);
        Precision.AssertClose(-1.564443, loss.Loss.item<float>(), 5);
        Precision.AssertClose(-1.719358, loss.Metrics["actor/pg_loss"], 5); // the RL terms without w1 J_SFT
    }

    [Fact]
    public void SRFT_raises_expert_and_correct_tokens_lowers_incorrect_ones_and_passes_no_gradient_through_its_weights()
    {
        // Given d/dlog π: expert token −w1/2 − A/2 = −0.401633; correct-rollout token −w2/2 = −0.082436;
        // incorrect-rollout token +1/3 (w1, w2 are stop-gradient: the entropy tensor has no gradient at all)
        TorchRuntime.UseThreads(1);
        var inputs = Inputs();

        // When
        new SrftObjective().Loss(inputs, Config).Loss.backward();
        var gradient = inputs.LogProbs.grad!.flatten().data<float>().ToArray();

        // Then
        Precision.AssertClose(-0.401633, gradient[6], 5);
        Precision.AssertClose(-0.401633, gradient[7], 5);
        Precision.AssertClose(-0.082436, gradient[0], 5);
        Precision.AssertClose(-0.082436, gradient[1], 5);
        Assert.All(gradient[3..6], g => Precision.AssertClose(1.0 / 3, g, 5));
        Assert.Equal(0, gradient[2]);
        Assert.Equal(0, gradient[8]);
    }

    [Fact]
    public void UPT_is_one_token_mean_of_the_GRPO_terms_of_gated_rollouts_and_the_SFT_terms_of_imitated_experts()
    {
        // Given rows 0-1 trained with GRPO and row 2 imitated: L = (1.143550 + 1.021651) / 7 = 0.309315
        TorchRuntime.UseThreads(1);
        var inputs = Inputs();

        // When
        var loss = new UptObjective().Loss(inputs, Config);
        loss.Loss.backward();
        var gradient = inputs.LogProbs.grad!.flatten().data<float>().ToArray();

        // Then
        Precision.AssertClose(0.309315, loss.Loss.item<float>(), 5);
        Precision.AssertClose(SampledSum / 5, loss.Metrics["actor/pg_loss"], 5);
        Precision.AssertClose(0.510826, loss.Metrics["actor/sft_loss"], 5);
        Assert.All(gradient[6..8], g => Precision.AssertClose(-1.0 / 7, g, 5)); // −log π / 7: the advantage plays no part
    }

    [Fact]
    public void Prefix_RFT_trains_expert_prefix_tokens_at_ratio_one_inside_the_GRPO_token_mean()
    {
        // Given row 2's tokens as an expert prefix (A = +0.5): each contributes −A ρ with ρ = π / sg(π) = 1, whatever
        // the behaviour log-probability recorded for it, so L = (1.143550 − 2 · 0.5) / 7 = 0.020508
        TorchRuntime.UseThreads(1);
        var inputs = Inputs();

        // When
        var loss = new PrefixRftObjective().Loss(inputs, Config);
        loss.Loss.backward();
        var gradient = inputs.LogProbs.grad!.flatten().data<float>().ToArray();

        // Then the prefix tokens pass −A / 7 and nothing is clipped there
        Precision.AssertClose((SampledSum - 1.0) / 7, loss.Loss.item<float>(), 5);
        Assert.All(gradient[6..8], g => Precision.AssertClose(-0.5 / 7, g, 5));
        Precision.AssertClose(2.0 / 7, loss.Metrics["actor/pg_clipfrac"], 6);
    }

    [Fact]
    public void A_term_without_tokens_is_logged_as_missing_and_adds_nothing()
    {
        // Given a mini-batch of the two rollouts only (UPT gated every prompt to GRPO)
        TorchRuntime.UseThreads(1);
        var inputs = Inputs(rows: 2);

        // When
        var upt = new UptObjective().Loss(inputs, Config);
        var grpo = PolicyLoss.Compute(inputs.LogProbs, inputs.OldLogProbs, inputs.Advantages, inputs.Mask, 0.2, 0.2);

        // Then UPT is GRPO exactly, with no SFT term
        Assert.True(double.IsNaN(upt.Metrics["actor/sft_loss"]));
        Assert.Equal(grpo.Loss.item<float>(), upt.Loss.item<float>());
    }

    private static LossInputs Inputs(int rows = 3)
    {
        var n = rows * 3;
        var logProbs = tensor(_logProbs[..n], [rows, 3]).requires_grad_();
        var old = logProbs.detach() - tensor(_logRatios[..n], [rows, 3]);
        old = old * (1 - tensor(_expert[..n], [rows, 3])); // the expert's behaviour log-probability is 0
        return new LossInputs(logProbs, old, tensor(new float[] { 1, -1, 0.5f }[..rows]), tensor(_mask[..n], [rows, 3]), tensor(_expert[..n], [rows, 3]),
            tensor(new float[] { 1, 0, 1 }[..rows]), tensor(_entropy[..n], [rows, 3]));
    }
}
