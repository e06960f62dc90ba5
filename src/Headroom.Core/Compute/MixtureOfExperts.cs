namespace Headroom.Core.Compute;

/// <summary>
/// The mixture-of-experts MLP of a decoder (Mixtral, Qwen2-MoE, Qwen3-MoE, DeepSeek-V2/V3). In each of its
/// <paramref name="Layers"/> layers a router (an H × E matrix) sends every token to
/// <paramref name="ExpertsPerToken"/> of the <paramref name="RoutedExperts"/> SwiGLU experts, and every token
/// also passes through the shared experts. Per layer, a token passes through
/// H E + 3 H F_e k_top + 3 H F_shared parameters; the layer holds H E + 3 H F_e E + 3 H F_shared.
/// </summary>
/// <param name="RoutedExperts">Routed experts per MoE layer, E.</param>
/// <param name="ExpertsPerToken">Routed experts each token passes through, k_top (at most <paramref name="RoutedExperts"/>).</param>
/// <param name="ExpertFeedForward">The width of one routed expert's SwiGLU MLP, F_e.</param>
/// <param name="SharedFeedForward">
/// The summed width of the shared experts every token passes through: DeepSeek's <c>n_shared_experts</c> × F_e,
/// Qwen2-MoE's <c>shared_expert_intermediate_size</c>; 0 for Mixtral and Qwen3-MoE.
/// </param>
/// <param name="Layers">How many of the model's L blocks have this MLP; the others have the dense MLP of width <see cref="ModelDimensions.FeedForward"/>.</param>
public sealed record MixtureOfExperts(int RoutedExperts, int ExpertsPerToken, int ExpertFeedForward, int SharedFeedForward, int Layers);
