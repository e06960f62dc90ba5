namespace Headroom.Core.Compute;

/// <summary>
/// The matrix parameters of a decoder (framework.md §6 and its extension to any HF decoder config). Norms,
/// biases, rotary tables and multi-token-prediction modules are ignored (under 0.1% of N for the models
/// Headroom knows). Per layer:
///
///     attention  GQA  2 H (h d) + 2 H (k d)                          (Q and O; K and V)
///                MLA  see <see cref="LatentAttention"/>
///     MLP        dense 3 H F                                         (SwiGLU)
///                MoE   H E + 3 H F_e k_top + 3 H F_shared            (router, routed experts a token uses, shared experts)
///     embeddings 2 V H, or V H when tied
///
/// A token passes through the active parameters N_act; the total counts every routed expert (3 H F_e E per
/// MoE layer instead of 3 H F_e k_top). For a dense model the two are equal.
/// </summary>
public static class ModelParameters
{
    /// <summary>
    /// The parameters a token passes through, N_act, with the embedding and LM head (a tied embedding counted once):
    /// the N of F_fwd = 2 N_act + A(S).
    /// </summary>
    /// <exception cref="ArgumentException">The experts claim more layers than the model has, or more experts per token than exist.</exception>
    public static double Active(ModelDimensions model)
        => Blocks(model, activeOnly: true) + Embeddings(model);

    /// <summary>Every parameter of the model, each routed expert included, with the embedding and LM head (a tied embedding counted once).</summary>
    /// <exception cref="ArgumentException">As for <see cref="Active(ModelDimensions)"/>.</exception>
    public static double Total(ModelDimensions model)
        => Blocks(model, activeOnly: false) + Embeddings(model);

    /// <summary>
    /// The parameters N whose 2 N FLOPs per token the convention counts, always the active ones:
    /// RETU <see cref="Active(ModelDimensions)"/>; 6N the active non-embedding parameters plus V H for an untied
    /// LM head (HF excludes only <c>nn.Embedding</c>, and a tied head is that embedding); verl the blocks + 2 V H even when tied.
    /// </summary>
    /// <exception cref="ArgumentException">As for <see cref="Active(ModelDimensions)"/>.</exception>
    public static double Counted(ModelDimensions model, FlopsConvention convention)
    {
        ArgumentNullException.ThrowIfNull(model);
        double vh = model.Vocabulary * (double)model.Hidden;
        return convention switch
        {
            FlopsConvention.Retu => Active(model),
            FlopsConvention.SixN => Blocks(model, activeOnly: true) + (model.TiedEmbeddings ? 0.0 : vh),
            FlopsConvention.Verl => Blocks(model, activeOnly: true) + (2.0 * vh),
            _ => throw new ArgumentOutOfRangeException(nameof(convention), convention, "Unknown FLOPs convention."),
        };
    }

    private static double Embeddings(ModelDimensions model)
        => (model.TiedEmbeddings ? 1.0 : 2.0) * model.Vocabulary * (double)model.Hidden;

    // L attention blocks, (L - L_moe) dense MLPs, L_moe expert MLPs.
    private static double Blocks(ModelDimensions model, bool activeOnly)
    {
        ArgumentNullException.ThrowIfNull(model);
        double h = model.Hidden;
        var denseMlp = 3.0 * h * model.FeedForward;
        if (model.Experts is not { } moe)
        {
            return model.Layers * (Attention(model) + denseMlp);
        }

        if (moe.Layers > model.Layers || moe.ExpertsPerToken > moe.RoutedExperts)
        {
            throw new ArgumentException(
                $"The experts of {model.Name} claim {moe.Layers} of {model.Layers} layers and {moe.ExpertsPerToken} of {moe.RoutedExperts} experts per token.", nameof(model));
        }

        var expertsUsed = activeOnly ? moe.ExpertsPerToken : moe.RoutedExperts;
        var moeMlp = (h * moe.RoutedExperts) + (3.0 * h * moe.ExpertFeedForward * expertsUsed) + (3.0 * h * moe.SharedFeedForward);
        return (model.Layers * Attention(model)) + ((model.Layers - moe.Layers) * denseMlp) + (moe.Layers * moeMlp);
    }

    private static double Attention(ModelDimensions model)
    {
        double h = model.Hidden;
        if (model.LatentAttention is not { } mla)
        {
            return h * ((2.0 * model.QueryWidth) + (2.0 * model.KeyValueWidth));
        }

        double heads = model.Heads;
        var query = mla.QueryRank is { } rank
            ? (h * rank) + (rank * heads * mla.QueryKeyHeadDim)
            : h * heads * mla.QueryKeyHeadDim;
        var keyValue = (h * (mla.KeyValueRank + mla.RopeHeadDim)) + (mla.KeyValueRank * heads * (mla.NopeHeadDim + mla.ValueHeadDim));
        var output = heads * mla.ValueHeadDim * h;
        return query + keyValue + output;
    }
}
