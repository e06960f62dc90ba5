namespace Headroom.Core.Compute;

/// <summary>
/// The dimensions of a decoder-only transformer that compute accounting needs (framework.md §6).
/// </summary>
/// <param name="Layers">Number of transformer blocks, L.</param>
/// <param name="Hidden">Model width, H.</param>
/// <param name="FeedForward">FFN (intermediate) width, F; a SwiGLU MLP has three H×F matrices.</param>
/// <param name="Vocabulary">Vocabulary size, V.</param>
/// <param name="Heads">Attention (query) heads.</param>
/// <param name="KeyValueHeads">Key/value heads (fewer than <paramref name="Heads"/> with grouped-query attention).</param>
/// <param name="HeadDim">Per-head width, d (usually H / heads).</param>
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
    /// <summary>Width of the key (or value) projection output, D_kv = kv_heads × d.</summary>
    public long KeyValueWidth => (long)KeyValueHeads * HeadDim;

    /// <summary>Width of the query (and attention output) projection, heads × d.</summary>
    public long QueryWidth => (long)Heads * HeadDim;
}
