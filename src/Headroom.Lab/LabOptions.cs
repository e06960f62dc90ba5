namespace Headroom.Lab;

/// <summary>What every `headroom lab` command takes.</summary>
public sealed record LabOptions
{
    /// <summary>Output folder. For `lab data` and `lab pretrain` it is the lab folder (data/ and base/); for `lab sft` it receives the checkpoint-N folders.</summary>
    public required string Out { get; init; }

    /// <summary>The lab folder holding data/ and base/; null means <see cref="Out"/>.</summary>
    public string? World { get; init; }

    /// <summary>Seed of the world, the weights, the data order and the samplers.</summary>
    public int Seed { get; init; }

    /// <summary>Torch intra-op threads; results depend on it, so it is recorded in every run.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>tiny, small or full.</summary>
    public string Preset { get; init; } = "tiny";

    /// <summary>A named model size (0.2M, 1M, 5M, or a preset's name: tiny, small, full); null means the preset's model.</summary>
    public string? ModelSize { get; init; }

    /// <summary>`key=value` overrides of the training settings of the command's stage, and `model.KEY=N` overrides of the model's dimensions; unknown keys are rejected.</summary>
    public IReadOnlyList<string> Settings { get; init; } = [];

    internal string WorldFolder => World ?? Out;
}
