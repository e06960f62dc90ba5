using static TorchSharp.torch;

namespace Headroom.Lab.Rl;

/// <summary>What a policy objective's loss reads for one mini-batch of N rows and T positions.</summary>
/// <param name="LogProbs">log π of the taken tokens [N, T] (with gradient).</param>
/// <param name="OldLogProbs">log π_old from sampling [N, T] (0 on expert tokens).</param>
/// <param name="Advantages">One per row [N].</param>
/// <param name="Mask">1 on response tokens, 0 on prompt and padding [N, T].</param>
/// <param name="ExpertMask">1 on the response tokens the expert wrote [N, T] (a subset of <paramref name="Mask"/>).</param>
/// <param name="Rewards">One per row [N].</param>
/// <param name="Entropy">The policy's entropy at each position [N, T], without gradient.</param>
/// <param name="ReferenceLogProbs">log π_ref [N, T] when a KL penalty is on, else null.</param>
internal sealed record LossInputs(Tensor LogProbs, Tensor OldLogProbs, Tensor Advantages, Tensor Mask, Tensor ExpertMask, Tensor Rewards, Tensor Entropy, Tensor? ReferenceLogProbs = null)
{
    /// <summary>1 on the response tokens the policy sampled itself.</summary>
    public Tensor OnPolicyMask => Mask - ExpertMask;
}

/// <summary>The scalar an objective minimises for one mini-batch and the terms it logs (verl-style keys; NaN when a term had no tokens).</summary>
internal sealed record ObjectiveLoss(Tensor Loss, IReadOnlyDictionary<string, double> Metrics);
