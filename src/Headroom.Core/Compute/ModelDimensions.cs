namespace Headroom.Core.Compute;

/// <summary>
/// The dimensions of a decoder-only transformer that compute accounting needs (framework.md §6): a dense
/// decoder with grouped-query attention by default, with multi-head latent attention when
/// <see cref="LatentAttention"/> is set and a mixture-of-experts MLP when <see cref="Experts"/> is set.
/// </summary>
/// <param name="Layers">Number of transformer blocks, L.</param>
/// <param name="Hidden">Model width, H.</param>
/// <param name="FeedForward">FFN (intermediate) width of a dense layer, F; a SwiGLU MLP has three H×F matrices.</param>
/// <param name="Vocabulary">Vocabulary size, V.</param>
/// <param name="Heads">Attention (query) heads, h.</param>
/// <param name="KeyValueHeads">Key/value heads, k (fewer than <paramref name="Heads"/> with grouped-query attention; unused with latent attention).</param>
/// <param name="HeadDim">Per-head width, d (usually H / heads); with latent attention, the query/key width d_nope + d_rope.</param>
/// <param name="TiedEmbeddings">True when the LM head shares the input embedding matrix.</param>
/// <param name="Name">A label for reports (e.g. "Qwen2.5-7B").</param>
public sealed record ModelDimensions(
    int Layers,
    int Hidden,
    int FeedForward,
    int Vocabulary,
    int Heads,
    int KeyValueHeads,
    int HeadDim,
    bool TiedEmbeddings = false,
    string Name = "model")
{
    /// <summary>Multi-head latent attention (DeepSeek-V2/V3) in place of the Q/K/V/O projections; null for grouped-query attention.</summary>
    public LatentAttention? LatentAttention { get; init; }

    /// <summary>The mixture-of-experts MLP and how many layers have it; null for a dense model.</summary>
    public MixtureOfExperts? Experts { get; init; }

    /// <summary>
    /// Multi-token-prediction modules the model carries beside its L blocks (DeepSeek-V3's <c>num_nextn_predict_layers</c>).
    /// No formula counts them: they serve pre-training and speculative decoding, not the forward pass of post-training.
    /// </summary>
    public int MultiTokenPredictionLayers { get; init; }

    /// <summary>Width of the key (or value) projection output, D_kv = kv_heads × d (grouped-query attention).</summary>
    public long KeyValueWidth => (long)KeyValueHeads * HeadDim;

    /// <summary>Width of the query (and, for grouped-query attention, attention output) projection, heads × d.</summary>
    public long QueryWidth => (long)Heads * HeadDim;

    /// <summary>
    /// The width q of the attention-score term c S L q per token: heads × d for grouped-query attention (QKᵀ and AV
    /// each cost 2 S L h d), h (d_nope + d_rope + d_v) / 2 for latent attention, whose QKᵀ and AV widths differ.
    /// </summary>
    public double AttentionWidth => LatentAttention is { } mla
        ? Heads * (mla.QueryKeyHeadDim + (double)mla.ValueHeadDim) / 2.0
        : QueryWidth;
}
