namespace Headroom.Lab.Rl;

/// <summary>
/// The RL algorithms of framework.md §8: GRPO, DAPO with dynamic sampling (d), and with asymmetric clipping
/// too (dc); and the synchronized SFT+RL methods LUFFY, SRFT, UPT and Prefix-RFT, which also learn from the
/// world's expert trajectories of the RL prompts.
/// </summary>
public enum RlAlgorithm
{
    /// <summary>Group-normalised advantages, clipped ratio 0.2 / 0.2, every group trained.</summary>
    Grpo,

    /// <summary>GRPO plus dynamic sampling: groups whose rollouts all pass or all fail are dropped and more are drawn.</summary>
    DapoD,

    /// <summary>DAPO_d plus asymmetric clipping: ε_low 0.2, ε_high 0.28.</summary>
    DapoDc,

    /// <summary>LUFFY: the expert trajectory joins each group off-policy, advantages without std, its ratio reshaped p / (p + γ).</summary>
    Luffy,

    /// <summary>SRFT: entropy-weighted SFT and off-policy RL on the expert trajectory, plus likelihood terms on correct and incorrect rollouts.</summary>
    Srft,

    /// <summary>UPT (hybrid post-training): per prompt, SFT on the expert trajectory when the group's success rate is at most γ, else GRPO.</summary>
    Upt,

    /// <summary>Prefix-RFT: in each group, rollouts that continue a random-length prefix of the expert trajectory, trained as GRPO rollouts.</summary>
    PrefixRft,
}

/// <summary>
/// Every setting of an RL run, with its default (one screen, as <see cref="Training.TrainConfig"/> is for
/// SFT). `--algorithm` sets <see cref="DynamicSampling"/> and <see cref="ClipHigh"/>; `--set key=value`
/// overrides any setting by its snake_case name. The resolved config is logged and saved in every checkpoint.
/// </summary>
internal sealed record RlConfig
{
    /// <summary>Optimizer steps (one rollout batch each).</summary>
    public int MaxSteps { get; init; } = 100;

    /// <summary>Prompts trained per step, B (DAPO's B_train).</summary>
    public int PromptsPerStep { get; init; } = 16;

    /// <summary>Rollouts per prompt, G.</summary>
    public int Group { get; init; } = 8;

    /// <summary>Prompts per generation round of dynamic sampling, B_gen (0: <see cref="PromptsPerStep"/>).</summary>
    public int GenerationBatch { get; init; }

    /// <summary>Most generation rounds per step under dynamic sampling; a step trains on what it has when they run out.</summary>
    public int MaxGenerationRounds { get; init; } = 4;

    /// <summary>Drop groups whose rewards are all equal (all correct or all wrong) and draw more (DAPO).</summary>
    public bool DynamicSampling { get; init; }

    /// <summary>Lower clip of the ratio, 1 - ε_low.</summary>
    public double ClipLow { get; init; } = 0.2;

    /// <summary>Upper clip of the ratio, 1 + ε_high (DAPO_dc: 0.28).</summary>
    public double ClipHigh { get; init; } = 0.2;

    /// <summary>Divide group-centred rewards by the group's standard deviation (GRPO); false: Dr. GRPO-style centring only.</summary>
    public bool NormalizeStd { get; init; } = true;

    /// <summary>β of the KL penalty to the frozen starting model (k3 estimator); 0 turns it off and skips the reference forward.</summary>
    public double KlCoef { get; init; }

    /// <summary>Policy updates per rollout batch (its rollouts split into this many mini-batches).</summary>
    public int MiniBatches { get; init; } = 1;

    /// <summary>AdamW learning rate, constant after warmup (verl's default schedule).</summary>
    public double LearningRate { get; init; } = 1e-4;

    /// <summary>Steps of linear warmup from 0.</summary>
    public int WarmupSteps { get; init; }

    /// <summary>AdamW decoupled weight decay.</summary>
    public double WeightDecay { get; init; }

    /// <summary>AdamW β1.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>AdamW β2.</summary>
    public double Beta2 { get; init; } = 0.99;

    /// <summary>Gradient clipping: largest global L2 norm.</summary>
    public double GradClip { get; init; } = 1.0;

    /// <summary>Rollout temperature (the policy is softmax(logits / T)).</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>Rollout nucleus mass.</summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>Longest response a rollout may write (also cut at the model's block size).</summary>
    public int MaxNewTokens { get; init; } = 112;

    /// <summary>Steps between evaluations; each evaluation writes a checkpoint-N folder.</summary>
    public int EvalInterval { get; init; } = 10;

    /// <summary>Evaluation sampling temperature (the paper's 0.7).</summary>
    public double EvalTemperature { get; init; } = 0.7;

    /// <summary>Evaluation nucleus mass.</summary>
    public double EvalTopP { get; init; } = 0.95;

    /// <summary>Prompts sampled together with the KV cache.</summary>
    public int SampleBatchSize { get; init; } = 256;

    /// <summary>LUFFY, SRFT: expert trajectories per prompt, N, trained beside the G rollouts (UPT imitates N when its gate says SFT).</summary>
    public int ExpertPerPrompt { get; init; } = 1;

    /// <summary>LUFFY: γ of the policy shaping f(p) = p / (p + γ) that replaces the expert tokens' importance ratio.</summary>
    public double ShapingGamma { get; init; } = 0.1;

    /// <summary>SRFT: c of the SFT weight w1 = c exp(−H), H the policy's token entropy on the rollouts (stop-gradient).</summary>
    public double SftWeight { get; init; } = 0.5;

    /// <summary>SRFT: c of the positive-sample weight w2 = c exp(H).</summary>
    public double PositiveWeight { get; init; } = 0.1;

    /// <summary>Prefix-RFT: rollouts per group that continue an expert prefix (the rest of the G are sampled from the prompt).</summary>
    public int PrefixRollouts { get; init; } = 1;

    /// <summary>Prefix-RFT: the prefix is a share of the expert response drawn uniformly from [min, max] (at least one token, never all of it).</summary>
    public double PrefixMinRatio { get; init; } = 0.1;

    /// <summary>Prefix-RFT: the largest share of the expert response a prefix takes.</summary>
    public double PrefixMaxRatio { get; init; } = 0.9;

    /// <summary>UPT: γ of the gate; a prompt whose rollouts succeed at a rate of at most γ is imitated (SFT), else trained with GRPO.</summary>
    public double GateThreshold { get; init; }

    /// <summary>B_gen: <see cref="GenerationBatch"/>, or <see cref="PromptsPerStep"/> when 0.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int PromptsPerRound => GenerationBatch > 0 ? GenerationBatch : PromptsPerStep;

    /// <summary>This config with the algorithm's defining settings.</summary>
    public RlConfig For(RlAlgorithm algorithm) => algorithm switch
    {
        RlAlgorithm.Grpo => this with { DynamicSampling = false },
        RlAlgorithm.DapoD => this with { DynamicSampling = true },
        RlAlgorithm.DapoDc => this with { DynamicSampling = true, ClipHigh = 0.28 },
        RlAlgorithm.Luffy => this with { DynamicSampling = false, NormalizeStd = false, KlCoef = 0 },
        RlAlgorithm.Srft or RlAlgorithm.Upt or RlAlgorithm.PrefixRft => this with { DynamicSampling = false },
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown RL algorithm."),
    };

    /// <summary>The algorithm named grpo, dapo_d, dapo_dc, luffy, srft, upt or prefix_rft.</summary>
    public static RlAlgorithm Parse(string name) => name.ToLowerInvariant() switch
    {
        "grpo" => RlAlgorithm.Grpo,
        "dapo_d" or "dapo-d" => RlAlgorithm.DapoD,
        "dapo_dc" or "dapo-dc" => RlAlgorithm.DapoDc,
        "luffy" => RlAlgorithm.Luffy,
        "srft" => RlAlgorithm.Srft,
        "upt" => RlAlgorithm.Upt,
        "prefix_rft" or "prefix-rft" => RlAlgorithm.PrefixRft,
        _ => throw LabException.UnknownAlgorithm(name),
    };
}
