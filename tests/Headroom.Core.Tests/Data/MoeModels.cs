using Headroom.Core.Compute;

namespace Headroom.Core.Tests.Data;

/// <summary>
/// The mixture-of-experts models of framework.md §6's check values, written from the fields of their public
/// Hugging Face <c>config.json</c> files (Qwen/Qwen3-30B-A3B, mistralai/Mixtral-8x7B-v0.1, deepseek-ai/DeepSeek-V3).
/// </summary>
internal static class MoeModels
{
    /// <summary>48 layers, width 2048, 32 query / 4 KV heads of 128, 128 experts of 768, top 8, no shared expert, every layer MoE, vocabulary 151936, untied.</summary>
    public static ModelDimensions Qwen3_30B_A3B { get; } = new(48, 2048, 6144, 151936, 32, 4, 128, false, "Qwen3-30B-A3B")
    {
        Experts = new MixtureOfExperts(RoutedExperts: 128, ExpertsPerToken: 8, ExpertFeedForward: 768, SharedFeedForward: 0, Layers: 48),
    };

    /// <summary>32 layers, width 4096, 32 query / 8 KV heads of 128, 8 experts of 14336 (its intermediate_size), top 2, vocabulary 32000, untied.</summary>
    public static ModelDimensions Mixtral_8x7B { get; } = new(32, 4096, 14336, 32000, 32, 8, 128, false, "Mixtral-8x7B")
    {
        Experts = new MixtureOfExperts(RoutedExperts: 8, ExpertsPerToken: 2, ExpertFeedForward: 14336, SharedFeedForward: 0, Layers: 32),
    };

    /// <summary>
    /// 61 layers (3 dense of 18432, then 58 MoE), width 7168, 128 heads of MLA (r_q 1536, r_kv 512, d_nope 128, d_rope 64,
    /// d_v 128), 256 experts of 2048, top 8, 1 shared, vocabulary 129280, untied, 1 MTP layer.
    /// </summary>
    public static ModelDimensions DeepSeek_V3 { get; } = new(61, 7168, 18432, 129280, 128, 128, 192, false, "DeepSeek-V3")
    {
        LatentAttention = new LatentAttention(QueryRank: 1536, KeyValueRank: 512, NopeHeadDim: 128, RopeHeadDim: 64, ValueHeadDim: 128),
        Experts = new MixtureOfExperts(RoutedExperts: 256, ExpertsPerToken: 8, ExpertFeedForward: 2048, SharedFeedForward: 2048, Layers: 58),
        MultiTokenPredictionLayers = 1,
    };
}
