namespace Headroom.Ingest;

/// <summary>
/// Refuses configs whose layers the decoder formulas do not describe, naming the field: encoder-decoder models
/// (<c>is_encoder_decoder</c>) and hybrids whose layers are not all full attention (<c>layer_types</c> other than
/// "full_attention", as Gemma, GPT-OSS and Qwen3-Next declare; Qwen2's <c>use_sliding_window</c>; or the layer
/// patterns of Jamba, Nemotron-H, MiniMax, RecurrentGemma, Zamba and Gemma 3). A uniform <c>sliding_window</c> alone
/// (Mistral-7B-v0.1) is read as full attention, exact for sequences no longer than the window. A sliding-window or linear-attention layer has another attention-score term,
/// and a state-space layer other matrices, so a full-attention estimate would silently be wrong.
/// </summary>
internal static class LayerCoverage
{
    private const string FullAttention = "full_attention";

    private static readonly string[] _hybridPatternFields =
        ["layers_block_type", "block_types", "hybrid_override_pattern", "attn_layer_period", "attn_type_list", "sliding_window_pattern"];

    /// <summary>Throws when <paramref name="config"/> is not a decoder with full attention in every layer.</summary>
    /// <exception cref="ModelConfigException">The config is an encoder-decoder or a hybrid.</exception>
    public static void Check(ConfigFields config)
    {
        if (config.OptionalBool("is_encoder_decoder") == true)
        {
            throw ModelConfigException.EncoderDecoder(config.Source, config.Prefix + "is_encoder_decoder");
        }

        // Qwen2's switch: layers from max_window_layers on attend within sliding_window tokens.
        if (config.OptionalBool("use_sliding_window") == true)
        {
            throw ModelConfigException.HybridLayers(config.Source, config.Prefix + "use_sliding_window", "true");
        }

        var layerTypes = config.OptionalStrings("layer_types");
        for (var i = 0; i < layerTypes.Count; i++)
        {
            if (layerTypes[i] != FullAttention)
            {
                throw ModelConfigException.HybridLayers(config.Source, $"{config.Prefix}layer_types[{i}]", $"\"{layerTypes[i]}\"");
            }
        }

        if (_hybridPatternFields.FirstOrDefault(config.Has) is { } pattern)
        {
            throw ModelConfigException.HybridLayers(config.Source, config.Prefix + pattern, config.Quote(pattern));
        }
    }
}
