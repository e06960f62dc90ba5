namespace Headroom.Core.Compute;

/// <summary>
/// Forward-pass FLOPs per token of a decoder (framework.md §6, the RETU analysis kit's convention):
///
///     F_fwd(S) = 2 [ L (3 H F + H (q + 2 D_kv + q)) + 2 V H ] + 4 S L q
///
/// with q = heads × d (= H for most models) and D_kv = kv_heads × d. SwiGLU MLP, bias-free Q/K/V/O
/// projections, untied embedding and LM head; norms and softmax ignored. The attention term counts
/// QKᵀ and AV over a context of S tokens without causal halving. The overloads taking a
/// <see cref="FlopsConvention"/> give the other conventions (log-formats.md §2).
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
        var embeddings = (model.TiedEmbeddings ? 1.0 : 2.0) * model.Vocabulary * (double)model.Hidden;
        return model.Layers * LayerParameters(model) + embeddings;
    }

    /// <summary>
    /// The parameters N whose 2 N FLOPs per token the convention counts:
    /// RETU as <see cref="DenseParameters(ModelDimensions)"/>; 6N the non-embedding parameters
    /// L (...) + V H for an untied LM head (HF excludes only <c>nn.Embedding</c>, and a tied head is that
    /// embedding); verl L (...) + 2 V H even when tied. Biases and norm weights (under 0.1% of N) are ignored by all three.
    /// </summary>
    public static double DenseParameters(ModelDimensions model, FlopsConvention convention)
    {
        ArgumentNullException.ThrowIfNull(model);
        double vh = model.Vocabulary * (double)model.Hidden;
        return convention switch
        {
            FlopsConvention.Retu => DenseParameters(model),
            FlopsConvention.SixN => model.Layers * LayerParameters(model) + (model.TiedEmbeddings ? 0.0 : vh),
            FlopsConvention.Verl => model.Layers * LayerParameters(model) + 2.0 * vh,
            _ => throw new ArgumentOutOfRangeException(nameof(convention), convention, "Unknown FLOPs convention."),
        };
    }

    /// <summary>The dense forward FLOPs per token under <paramref name="convention"/>: 2 N.</summary>
    public static double DensePerToken(ModelDimensions model, FlopsConvention convention)
        => 2.0 * DenseParameters(model, convention);

    /// <summary>
    /// The attention-score forward FLOPs per token at attention length <paramref name="attentionLength"/>:
    /// RETU 4 S L q, verl 2 S L q (causal-halved), 6N none.
    /// </summary>
    public static double AttentionPerToken(ModelDimensions model, double attentionLength, FlopsConvention convention)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(attentionLength);
        return AttentionCoefficient(convention) * attentionLength * model.Layers * model.QueryWidth;
    }

    /// <summary>Total forward FLOPs per token under <paramref name="convention"/>, the attention term at <see cref="SequenceLengths.AttentionLength"/>.</summary>
    public static double PerToken(ModelDimensions model, SequenceLengths lengths, FlopsConvention convention)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        return DensePerToken(model, convention) + AttentionPerToken(model, lengths.AttentionLength, convention);
    }

    /// <summary>The forward FLOPs of one mean sequence: S̄ × F_fwd (exact over per-sequence lengths when known).</summary>
    public static double PerSequence(ModelDimensions model, SequenceLengths lengths, FlopsConvention convention)
        => lengths.Mean * PerToken(model, lengths, convention);

    /// <summary>The coefficient c of the attention term c S L q per token: 4 (RETU), 2 (verl), 0 (6N).</summary>
    public static double AttentionCoefficient(FlopsConvention convention) => convention switch
    {
        FlopsConvention.Retu => 4.0,
        FlopsConvention.SixN => 0.0,
        FlopsConvention.Verl => 2.0,
        _ => throw new ArgumentOutOfRangeException(nameof(convention), convention, "Unknown FLOPs convention."),
    };

    /// <summary>A one-line statement of the per-token formula of a convention, for reports.</summary>
    public static string Describe(FlopsConvention convention) => convention switch
    {
        FlopsConvention.Retu => "retu: forward = 2N + 4·S·L·q per token, N with embedding + LM head (tied counted once); train = 3× forward",
        FlopsConvention.SixN => "6n: forward = 2N per token, N = non-embedding parameters (HF total_flos), no attention term; train = 6N per token",
        FlopsConvention.Verl => "verl: forward = 2N + 2·S·L·q per token, N with embedding + LM head counted twice even if tied; train = 3× forward",
        _ => throw new ArgumentOutOfRangeException(nameof(convention), convention, "Unknown FLOPs convention."),
    };

    // L-invariant per-layer matrices: SwiGLU (3 H F) and Q, K, V, O projections H (q + D_kv + D_kv + q).
    private static double LayerParameters(ModelDimensions model)
    {
        double h = model.Hidden;
        return 3.0 * h * model.FeedForward + h * (2.0 * model.QueryWidth + 2.0 * model.KeyValueWidth);
    }
}
