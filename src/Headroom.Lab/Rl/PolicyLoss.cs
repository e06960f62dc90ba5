using static TorchSharp.torch;

namespace Headroom.Lab.Rl;

/// <summary>The policy loss of one mini-batch and the statistics verl logs for it.</summary>
/// <param name="Loss">The scalar to minimise: clipped surrogate plus β·KL, token means.</param>
/// <param name="PgLoss">The clipped surrogate alone (actor/pg_loss).</param>
/// <param name="ClipFraction">Share of response tokens where the clipped term was the larger (actor/pg_clipfrac).</param>
/// <param name="Kl">Token-mean k3 KL to the reference, 0 without one (actor/kl_loss).</param>
/// <param name="ApproxKl">Token-mean of old − new log-probability (actor/ppo_kl).</param>
internal sealed record PolicyLossTerms(Tensor Loss, double PgLoss, double ClipFraction, double Kl, double ApproxKl);

/// <summary>
/// PPO's clipped surrogate with a token-mean (DAPO's token-level loss, as the issue asks of GRPO too):
/// with ratio ρ_t = exp(log π(a_t) − log π_old(a_t)) and the rollout's advantage A,
///
///     L_t = max(−A ρ_t, −A clip(ρ_t, 1 − ε_low, 1 + ε_high))
///     L   = Σ_t mask_t L_t / Σ_t mask_t  +  β Σ_t mask_t KL_t / Σ_t mask_t
///
/// where KL_t is the k3 estimator exp(r_t) − r_t − 1, r_t = log π_ref(a_t) − log π(a_t) (verl's
/// "low_var_kl"), unbiased and non-negative. ε_low = ε_high = 0.2 is GRPO; DAPO_dc raises ε_high to 0.28.
/// </summary>
internal static class PolicyLoss
{
    /// <param name="logProbs">log π of the taken tokens [N, T] (with gradient).</param>
    /// <param name="oldLogProbs">log π_old from the rollout [N, T].</param>
    /// <param name="advantages">One per rollout [N].</param>
    /// <param name="mask">1 on response tokens, 0 on padding [N, T].</param>
    /// <param name="clipLow">ε_low.</param>
    /// <param name="clipHigh">ε_high.</param>
    /// <param name="referenceLogProbs">log π_ref [N, T], or null for no KL term.</param>
    /// <param name="klCoef">β.</param>
    public static PolicyLossTerms Compute(Tensor logProbs, Tensor oldLogProbs, Tensor advantages, Tensor mask, double clipLow, double clipHigh, Tensor? referenceLogProbs = null, double klCoef = 0)
    {
        var tokens = mask.sum().clamp_min(1);
        var ratio = (logProbs - oldLogProbs).exp();
        var a = advantages.unsqueeze(1);
        var unclipped = -a * ratio;
        var clipped = -a * ratio.clamp(1 - clipLow, 1 + clipHigh);
        var perToken = maximum(unclipped, clipped);
        var pgLoss = (perToken * mask).sum() / tokens;
        var clipFraction = ((clipped > unclipped).to(ScalarType.Float32) * mask).sum() / tokens;
        var approxKl = ((oldLogProbs - logProbs).detach() * mask).sum() / tokens;
        var loss = pgLoss;
        double kl = 0;
        if (referenceLogProbs is not null)
        {
            var r = referenceLogProbs - logProbs;
            var klTerm = ((r.exp() - r - 1) * mask).sum() / tokens;
            kl = klTerm.item<float>();
            loss = loss + klCoef * klTerm;
        }

        return new PolicyLossTerms(loss, pgLoss.item<float>(), clipFraction.item<float>(), kl, approxKl.item<float>());
    }
}
