namespace Headroom.Lab;

/// <summary>What `headroom lab study` takes.</summary>
public sealed record LabStudyOptions
{
    /// <summary>The study folder: lab/ (the world), sft/, rl/, logs/, study.yaml.</summary>
    public string Out { get; init; } = "";

    /// <summary>quick (short runs) or paper (long runs), on the small world (about half an hour to build on one core).</summary>
    public string Preset { get; init; } = "quick";

    /// <summary>Use this lab folder's world and base model (it must match the preset and seed) instead of building one in Out/lab.</summary>
    public string? World { get; init; }

    /// <summary>Every seed of every run.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Torch threads per run; results depend on it, so it is part of every run's command.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Runs at a time, each its own process.</summary>
    public int Jobs { get; init; } = 1;

    /// <summary>The lab preset of the world and the training defaults (tiny, small, full); null: the study preset's.</summary>
    public string? LabPreset { get; init; }

    /// <summary>The SFT sets to study (each with its SFT-then-RL branches); null: all five.</summary>
    public IReadOnlyList<string>? Datasets { get; init; }

    /// <summary>Overrides `world.KEY=V` (pretraining), `sft.KEY=V`, `rl.KEY=V` added to the preset's for every run of that kind.</summary>
    public IReadOnlyList<string> Settings { get; init; } = [];
}
