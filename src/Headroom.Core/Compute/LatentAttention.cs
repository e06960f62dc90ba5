namespace Headroom.Core.Compute;

/// <summary>
/// Multi-head latent attention (DeepSeek-V2/V3): queries and keys/values pass through low-rank latents
/// instead of full H × heads·d projections. Per layer, with h heads and width H (framework.md §6 extension):
///
///     q   H r_q + r_q h (d_nope + d_rope)          (H h (d_nope + d_rope) without a query latent)
///     kv  H (r_kv + d_rope) + r_kv h (d_nope + d_v)
///     o   h d_v H
///
/// and the attention-score term per token is 2 S L h (d_nope + d_rope) + 2 S L h d_v (QKᵀ, then AV).
/// </summary>
/// <param name="QueryRank">The query latent rank r_q (<c>q_lora_rank</c>); null when queries are projected directly (DeepSeek-V2-Lite).</param>
/// <param name="KeyValueRank">The key/value latent rank r_kv (<c>kv_lora_rank</c>).</param>
/// <param name="NopeHeadDim">The per-head query/key width without rotary embedding, d_nope (<c>qk_nope_head_dim</c>).</param>
/// <param name="RopeHeadDim">The per-head query/key width with rotary embedding, d_rope (<c>qk_rope_head_dim</c>); the rotary key is shared by all heads.</param>
/// <param name="ValueHeadDim">The per-head value width, d_v (<c>v_head_dim</c>).</param>
public sealed record LatentAttention(int? QueryRank, int KeyValueRank, int NopeHeadDim, int RopeHeadDim, int ValueHeadDim)
{
    /// <summary>The per-head query/key width, d_nope + d_rope.</summary>
    public int QueryKeyHeadDim => NopeHeadDim + RopeHeadDim;
}
