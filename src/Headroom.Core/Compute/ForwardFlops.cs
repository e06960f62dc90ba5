namespace Headroom.Core.Compute;

/// <summary>
/// Forward-pass FLOPs per token of a decoder (framework.md §6, the RETU analysis kit's convention):
///
///     F_fwd(S) = 2 N_act + 4 S L q
///
/// with N_act the parameters a token passes through (<see cref="ModelParameters.Active"/>; for a dense
/// model L (3 H F + H (q + 2 D_kv + q)) + 2 V H) and q the attention width
/// (<see cref="ModelDimensions.AttentionWidth"/>: heads × d, = H for most models; h (d_nope + d_rope + d_v) / 2
/// with latent attention). The attention term counts QKᵀ and AV over a context of S tokens without causal
/// halving. The overloads taking a <see cref="FlopsConvention"/> give the other conventions (log-formats.md §2);
/// the paradigm formulas (<see cref="TrainingFlops"/>) apply on top of F_fwd whatever the architecture.
/// </summary>
public static class ForwardFlops
{
    /// <summary>The parameter-proportional ("dense", as opposed to attention-score) part of the forward FLOPs per token: 2 N_act.</summary>
    /// <remarks>A tied embedding is counted once (V H) instead of twice when <see cref="ModelDimensions.TiedEmbeddings"/> is set.</remarks>
    public static double DensePerToken(ModelDimensions model)
        => DensePerToken(model, FlopsConvention.Retu);

    /// <summary>The attention-score part of the forward FLOPs per token at mean sequence length <paramref name="sequenceLength"/>: 4 S L q.</summary>
    public static double AttentionPerToken(ModelDimensions model, double sequenceLength)
        => AttentionPerToken(model, sequenceLength, FlopsConvention.Retu);

    /// <summary>Total forward FLOPs per token at mean sequence length <paramref name="sequenceLength"/>.</summary>
    public static double PerToken(ModelDimensions model, double sequenceLength)
        => DensePerToken(model) + AttentionPerToken(model, sequenceLength);

    /// <summary>The dense forward FLOPs per token under <paramref name="convention"/>: 2 N, N from <see cref="ModelParameters.Counted"/>.</summary>
    public static double DensePerToken(ModelDimensions model, FlopsConvention convention)
        => 2.0 * ModelParameters.Counted(model, convention);

    /// <summary>
    /// The attention-score forward FLOPs per token at attention length <paramref name="attentionLength"/>:
    /// RETU 4 S L q, verl 2 S L q (causal-halved), 6N none.
    /// </summary>
    public static double AttentionPerToken(ModelDimensions model, double attentionLength, FlopsConvention convention)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(attentionLength);
        return AttentionCoefficient(convention) * attentionLength * model.Layers * model.AttentionWidth;
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

    /// <summary>
    /// A one-line statement of the per-token formula of a convention, for reports. Every convention counts the
    /// active parameters N_act (<see cref="ModelParameters.Counted"/>): for a mixture of experts, the routed
    /// experts a token uses and the shared ones, not every expert.
    /// </summary>
    public static string Describe(FlopsConvention convention) => convention switch
    {
        FlopsConvention.Retu => "retu: forward = 2N + 4·S·L·q per token, N = active parameters with embedding + LM head (tied counted once), q = h·d (MLA: h·(d_qk + d_v)/2); train = 3× forward",
        FlopsConvention.SixN => "6n: forward = 2N per token, N = active non-embedding parameters (a mixture of experts counts the experts a token uses; HF total_flos counts every expert), no attention term; train = 6N per token",
        FlopsConvention.Verl => "verl: forward = 2N + 2·S·L·q per token, N = active parameters with embedding + LM head counted twice even if tied, q = h·d (MLA: h·(d_qk + d_v)/2); train = 3× forward",
        _ => throw new ArgumentOutOfRangeException(nameof(convention), convention, "Unknown FLOPs convention."),
    };
}
