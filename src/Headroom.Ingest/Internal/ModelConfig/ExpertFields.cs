using System.Globalization;
using Headroom.Core.Compute;

namespace Headroom.Ingest;

/// <summary>
/// Reads the mixture-of-experts MLP of a config (framework.md §6 extension), and which layers have it, the way
/// each family's modelling code decides:
/// <list type="bullet">
/// <item>Mixtral: every layer; experts of <c>intermediate_size</c>.</item>
/// <item>Qwen2-MoE, Qwen3-MoE: layer i unless i is in <c>mlp_only_layers</c> or (i + 1) is not a multiple of <c>decoder_sparse_step</c>.</item>
/// <item>DeepSeek-V2/V3: layer i when i ≥ <c>first_k_dense_replace</c> and i is a multiple of <c>moe_layer_freq</c>.</item>
/// </list>
/// A config of another family that declares experts is refused, naming the field: its MLP may differ in ways
/// these fields do not show, and a dense estimate would silently be wrong.
/// </summary>
internal static class ExpertFields
{
    private const string MixtralKind = "Mixtral mixture of experts";
    private const string Qwen2MoeKind = "Qwen2-MoE mixture of experts";
    private const string Qwen3MoeKind = "Qwen3-MoE mixture of experts";
    private const string DeepSeekKind = "DeepSeek-V2/V3 mixture of experts";

    private static readonly string[] _expertCountKeys = ["num_local_experts", "num_experts", "n_routed_experts", "moe_num_experts"];

    /// <summary>The experts of a <paramref name="family"/> config of <paramref name="layers"/> layers; null for a dense model.</summary>
    /// <exception cref="ModelConfigException">A field is missing or impossible, or the config declares experts of a family the formulas do not know.</exception>
    public static MixtureOfExperts? Read(ConfigFields config, MoeFamily? family, string? modelType, int layers)
    {
        switch (family)
        {
            case MoeFamily.Mixtral:
                return Experts(config, "num_local_experts", config.RequiredInt("intermediate_size", MixtralKind), shared: 0, layers, MixtralKind);
            case MoeFamily.Qwen2Moe or MoeFamily.Qwen3Moe:
                var qwen = family == MoeFamily.Qwen2Moe ? Qwen2MoeKind : Qwen3MoeKind;
                var shared = family == MoeFamily.Qwen2Moe ? RequiredCount(config, "shared_expert_intermediate_size", qwen) : 0;
                return Experts(config, "num_experts", config.RequiredInt("moe_intermediate_size", qwen), shared, QwenMoeLayers(config, layers), qwen);
            case MoeFamily.DeepSeek:
                var width = config.RequiredInt("moe_intermediate_size", DeepSeekKind);
                var sharedExperts = RequiredCount(config, "n_shared_experts", DeepSeekKind);
                return Experts(config, "n_routed_experts", width, sharedExperts * width, DeepSeekMoeLayers(config, layers), DeepSeekKind);
            default:
                RefuseUnknownExperts(config, modelType);
                return null;
        }
    }

    private static MixtureOfExperts Experts(ConfigFields config, string countField, int width, int shared, int moeLayers, string kind)
    {
        var experts = config.RequiredInt(countField, kind);
        var perToken = config.RequiredInt("num_experts_per_tok", kind);
        if (perToken > experts)
        {
            throw ModelConfigException.InvalidValue(config.Source, config.Prefix + "num_experts_per_tok", perToken.ToString(CultureInfo.InvariantCulture), $"at most '{countField}' ({experts})");
        }

        return new MixtureOfExperts(experts, perToken, width, shared, moeLayers);
    }

    private static int QwenMoeLayers(ConfigFields config, int layers)
    {
        var step = config.OptionalInt("decoder_sparse_step") ?? 1;
        var denseOnly = config.OptionalCounts("mlp_only_layers");
        for (var j = 0; j < denseOnly.Count; j++)
        {
            if (denseOnly[j] >= layers)
            {
                throw ModelConfigException.InvalidValue(
                    config.Source, $"{config.Prefix}mlp_only_layers[{j}]", denseOnly[j].ToString(CultureInfo.InvariantCulture), $"a layer index below num_hidden_layers ({layers})");
            }
        }

        return Enumerable.Range(0, layers).Count(i => !denseOnly.Contains(i) && (i + 1) % step == 0);
    }

    private static int DeepSeekMoeLayers(ConfigFields config, int layers)
    {
        var firstMoe = config.OptionalCount("first_k_dense_replace") ?? 0;
        var frequency = config.OptionalInt("moe_layer_freq") ?? 1;
        return Enumerable.Range(0, layers).Count(i => i >= firstMoe && i % frequency == 0);
    }

    // The field must be present (its transformers default is not "none"); null means none, as in DeepSeek-V2's modelling code.
    private static int RequiredCount(ConfigFields config, string field, string kind)
        => config.Element.TryGetProperty(field, out _)
            ? config.OptionalCount(field) ?? 0
            : throw ModelConfigException.MissingField(config.Source, config.Prefix + field, kind);

    private static void RefuseUnknownExperts(ConfigFields config, string? modelType)
    {
        foreach (var key in _expertCountKeys)
        {
            // 0 or 1 expert is a dense MLP; any other value (a count, or a per-modality list) is a mixture the formulas do not know.
            if (config.Has(key) && config.Quote(key) is var value && value is not ("0" or "1"))
            {
                throw ModelConfigException.UnknownExperts(config.Source, config.Prefix + key, value, modelType);
            }
        }
    }
}
