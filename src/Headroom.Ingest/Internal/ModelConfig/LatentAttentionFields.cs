using Headroom.Core.Compute;

namespace Headroom.Ingest;

/// <summary>
/// Reads multi-head latent attention (DeepSeek-V2/V3 and any config that sets <c>kv_lora_rank</c>):
/// <c>q_lora_rank</c> (null when queries are projected directly), <c>kv_lora_rank</c>, <c>qk_nope_head_dim</c>,
/// <c>qk_rope_head_dim</c> and <c>v_head_dim</c>.
/// </summary>
internal static class LatentAttentionFields
{
    private const string Kind = "model with multi-head latent attention (DeepSeek-V2/V3)";

    /// <summary>The latent attention of <paramref name="config"/>; null when it has no <c>kv_lora_rank</c> (grouped-query attention).</summary>
    /// <exception cref="ModelConfigException">A latent-attention field is missing or not a positive integer.</exception>
    public static LatentAttention? Read(ConfigFields config)
        => config.OptionalInt("kv_lora_rank") is { } keyValueRank
            ? new LatentAttention(
                config.OptionalInt("q_lora_rank"),
                keyValueRank,
                config.RequiredInt("qk_nope_head_dim", Kind),
                config.RequiredInt("qk_rope_head_dim", Kind),
                config.RequiredInt("v_head_dim", Kind))
            : null;
}
