namespace Headroom.Core.Compute;

/// <summary>
/// How the FLOPs of one token are counted. Conventions differ by up to 2× on the attention term and by
/// the embedding matrices, so every result names the one it used (log-formats.md §2).
/// </summary>
public enum FlopsConvention
{
    /// <summary>
    /// The paper's analysis kit (the default): forward = 2 N + 4 S L q per token, N the active matrix parameters
    /// with embedding and LM head (a tied embedding counted once, framework.md §6 Decision); attention
    /// counts QKᵀ and AV without causal halving.
    /// </summary>
    Retu,

    /// <summary>
    /// Hugging Face <c>total_flos</c> / Kaplan: forward = 2 N per token with N the active non-embedding parameters
    /// (the LM head counts when untied); no attention term, so training is 6 N per token. For a mixture of experts
    /// N counts the experts a token uses, where HF's <c>total_flos</c> counts every expert.
    /// </summary>
    SixN,

    /// <summary>
    /// verl's <c>flops_counter.py</c>: forward = 2 N + 2 S L q per token, N the active parameters including embedding and LM head
    /// counted twice even when tied; attention is causal-halved (verl's 6 Σ seq² d heads L for fwd+bwd).
    /// </summary>
    Verl,
}
