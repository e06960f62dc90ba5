namespace Headroom.Core.Compute;

/// <summary>
/// The compute of a training run: per token, per step and in total, with the convention that produced it.
/// </summary>
/// <param name="Model">The model counted.</param>
/// <param name="Paradigm">The paradigm whose per-step formula was applied.</param>
/// <param name="Convention">The per-token convention (always report it: conventions differ by up to 2×).</param>
/// <param name="Step">The per-step inputs.</param>
/// <param name="Steps">The number of steps counted.</param>
/// <param name="DensePerTokenForward">2 N under the convention.</param>
/// <param name="AttentionPerTokenForward">The attention term per token at the main sequence's attention length.</param>
/// <param name="ForwardOnlyPerStep">FLOPs of forward-only passes per step (rollout generation; LUFFY/SRFT also score the expert trajectories).</param>
/// <param name="UpdatePerStep">FLOPs of forward + backward per step (3 F_fwd per trained token).</param>
/// <param name="TrainedTokensPerStep">Tokens that receive a gradient per step.</param>
/// <param name="ForwardOnlyTokensPerStep">Tokens that only go through a forward pass per step.</param>
public sealed record FlopsEstimate(
    ModelDimensions Model,
    TrainingParadigm Paradigm,
    FlopsConvention Convention,
    StepShape Step,
    long Steps,
    double DensePerTokenForward,
    double AttentionPerTokenForward,
    double ForwardOnlyPerStep,
    double UpdatePerStep,
    double TrainedTokensPerStep,
    double ForwardOnlyTokensPerStep)
{
    /// <summary>One exaFLOP, the unit of the paper's compute axes.</summary>
    public const double ExaFlop = 1e18;

    /// <summary>F_fwd at the main (SFT or on-policy) sequence length: dense + attention.</summary>
    public double ForwardPerToken => DensePerTokenForward + AttentionPerTokenForward;

    /// <summary>FLOPs per step: forward-only passes + updates.</summary>
    public double PerStep => ForwardOnlyPerStep + UpdatePerStep;

    /// <summary>Total FLOPs over <see cref="Steps"/> steps.</summary>
    public double Total => PerStep * Steps;

    /// <summary>Total in exaFLOPs (EF = 1e18).</summary>
    public double ExaFlops => Total / ExaFlop;

    /// <summary>Per step in exaFLOPs.</summary>
    public double ExaFlopsPerStep => PerStep / ExaFlop;

    /// <summary>The convention's formula, for reports.</summary>
    public string ConventionFormula => ForwardFlops.Describe(Convention);

    /// <summary>
    /// What the model has that no formula counts, one sentence each, for reports: its multi-token-prediction layers
    /// (DeepSeek-V3). Empty when nothing is left out.
    /// </summary>
    public IReadOnlyList<string> LeftOut => Model.MultiTokenPredictionLayers switch
    {
        0 => [],
        1 => ["1 multi-token-prediction layer (num_nextn_predict_layers), used for pre-training and speculative decoding only"],
        var n => [$"{n} multi-token-prediction layers (num_nextn_predict_layers), used for pre-training and speculative decoding only"],
    };

    /// <summary>How the attention term's sequence length was obtained, for reports.</summary>
    public string AttentionLengthBasis => Convention == FlopsConvention.SixN
        ? "none (the 6N convention has no attention term)"
        : Step.Sequence.IsPerSequence
            ? "per-sequence lengths (Σs²/Σs)"
            : "mean sequence length";
}
