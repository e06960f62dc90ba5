namespace Headroom.Ingest;

/// <summary>
/// The mixture-of-experts families whose config fields the FLOPs formulas cover (framework.md §6 extension).
/// A config belongs to one by its <c>model_type</c>, else by its first <c>architectures</c> class (Kimi-K2, for
/// example, is <c>kimi_k2</c> built on <c>DeepseekV3ForCausalLM</c>).
/// </summary>
internal enum MoeFamily
{
    /// <summary>Mixtral: <c>num_local_experts</c> experts of <c>intermediate_size</c> in every layer, no shared expert.</summary>
    Mixtral,

    /// <summary>Qwen2-MoE: <c>num_experts</c> of <c>moe_intermediate_size</c> plus one shared expert of <c>shared_expert_intermediate_size</c>.</summary>
    Qwen2Moe,

    /// <summary>Qwen3-MoE: as Qwen2-MoE without the shared expert.</summary>
    Qwen3Moe,

    /// <summary>DeepSeek-V2/V3: <c>n_routed_experts</c> and <c>n_shared_experts</c> of <c>moe_intermediate_size</c> after <c>first_k_dense_replace</c> dense layers.</summary>
    DeepSeek,
}

/// <summary>Finds the <see cref="MoeFamily"/> of a config.</summary>
internal static class MoeFamilies
{
    /// <summary>The families by <c>model_type</c>, as listed in messages.</summary>
    public static IReadOnlyDictionary<string, MoeFamily> ByModelType { get; } = new Dictionary<string, MoeFamily>(StringComparer.Ordinal)
    {
        ["mixtral"] = MoeFamily.Mixtral,
        ["qwen2_moe"] = MoeFamily.Qwen2Moe,
        ["qwen3_moe"] = MoeFamily.Qwen3Moe,
        ["deepseek_v2"] = MoeFamily.DeepSeek,
        ["deepseek_v3"] = MoeFamily.DeepSeek,
    };

    private static readonly Dictionary<string, MoeFamily> _byArchitecture = new(StringComparer.Ordinal)
    {
        ["MixtralForCausalLM"] = MoeFamily.Mixtral,
        ["Qwen2MoeForCausalLM"] = MoeFamily.Qwen2Moe,
        ["Qwen3MoeForCausalLM"] = MoeFamily.Qwen3Moe,
        ["DeepseekV2ForCausalLM"] = MoeFamily.DeepSeek,
        ["DeepseekV3ForCausalLM"] = MoeFamily.DeepSeek,
    };

    /// <summary>The family of a config with <paramref name="modelType"/> and <paramref name="architectures"/>, or null when it is none of them.</summary>
    public static MoeFamily? Of(string? modelType, IReadOnlyList<string> architectures)
    {
        if (modelType is not null && ByModelType.TryGetValue(modelType, out var family))
        {
            return family;
        }

        return architectures.Count > 0 && _byArchitecture.TryGetValue(architectures[0], out family) ? family : null;
    }
}
