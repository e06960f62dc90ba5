namespace Headroom.Core.Compute;

/// <summary>
/// Forward-pass FLOPs per token of a decoder (framework.md §6, the RETU analysis kit's convention):
///
///     F_fwd(S) = 2 [ L (3 H F + H (q + 2 D_kv + q)) + 2 V H ] + 4 S L q
///
/// with q = heads × d (= H for most models) and D_kv = kv_heads × d. SwiGLU MLP, bias-free Q/K/V/O
/// projections, untied embedding and LM head; norms and softmax ignored. The attention term counts
/// QKᵀ and AV over a context of S tokens without causal halving.
/// </summary>
public static class ForwardFlops
{
    /// <summary>The parameter-proportional ("dense") part of the forward FLOPs per token: 2 N.</summary>
    /// <remarks>A tied embedding is counted once (V H) instead of twice when <see cref="ModelDimensions.TiedEmbeddings"/> is set.</remarks>
    public static double DensePerToken(ModelDimensions model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return 2.0 * DenseParameters(model);
    }

    /// <summary>The attention-score part of the forward FLOPs per token at mean sequence length <paramref name="sequenceLength"/>: 4 S L q.</summary>
    public static double AttentionPerToken(ModelDimensions model, double sequenceLength)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(sequenceLength);
        return 4.0 * sequenceLength * model.Layers * model.QueryWidth;
    }

    /// <summary>Total forward FLOPs per token at mean sequence length <paramref name="sequenceLength"/>.</summary>
    public static double PerToken(ModelDimensions model, double sequenceLength)
        => DensePerToken(model) + AttentionPerToken(model, sequenceLength);

    /// <summary>
    /// Matrix parameters N as the kit counts them: L (3 H F + H (q + 2 D_kv + q)) + 2 V H
    /// (or + V H with tied embeddings).
    /// </summary>
    public static double DenseParameters(ModelDimensions model)
    {
        ArgumentNullException.ThrowIfNull(model);
        double h = model.Hidden;
        var perLayer = 3.0 * h * model.FeedForward + h * (2.0 * model.QueryWidth + 2.0 * model.KeyValueWidth);
        var embeddings = (model.TiedEmbeddings ? 1.0 : 2.0) * model.Vocabulary * h;
        return model.Layers * perLayer + embeddings;
    }
}
