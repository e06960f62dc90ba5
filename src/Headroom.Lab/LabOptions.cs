namespace Headroom.Lab;

/// <summary>What every `headroom lab` command takes.</summary>
public sealed record LabOptions
{
    /// <summary>Output folder. For `lab data` and `lab pretrain` it is the lab folder (data/ and base/); for `lab sft` and `lab rl` it receives the checkpoint-N folders; for `lab eval` the results file (optional).</summary>
    public string Out { get; init; } = "";

    /// <summary>The lab folder holding data/ and base/; null means <see cref="Out"/> (for `lab eval` and `lab rl`: the world their checkpoint recorded).</summary>
    public string? World { get; init; }

    /// <summary>Every seed (`--seed`); `seed.world=N` and the like in <see cref="Settings"/> change one (<see cref="LabSeeds"/>).</summary>
    public int Seed { get; init; }

    /// <summary>Torch intra-op threads; results depend on it, so it is recorded in every run.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>tiny, small or full.</summary>
    public string Preset { get; init; } = "tiny";

    /// <summary>A named model size (0.2M, 1M, 5M, or a preset's name: tiny, small, full); null means the preset's model.</summary>
    public string? ModelSize { get; init; }

    /// <summary>`key=value` overrides of the training settings of the command's stage, `model.KEY=N` of the model's dimensions and `seed.KEY=N` of one seed; unknown keys are rejected.</summary>
    public IReadOnlyList<string> Settings { get; init; } = [];

    /// <summary>Resume a checkpoint even when the training settings differ from the ones it was written with.</summary>
    public bool AllowChangedSettings { get; init; }

    /// <summary>The seeds: <see cref="Seed"/> with every `seed.KEY=N` setting applied.</summary>
    public LabSeeds Seeds => LabSeeds.Resolve(Seed, Settings);

    internal string WorldFolder => World ?? Out;

    /// <summary>Refuses an empty or malformed --out and a thread count below 1, before any work.</summary>
    internal LabOptions Checked(bool outRequired = true)
    {
        if (Threads < 1)
        {
            throw LabException.BadThreads(Threads);
        }

        if ((outRequired || Out.Length > 0) && !IsFolderPath(Out))
        {
            throw LabException.BadOut(Out);
        }

        return this;
    }

    private static bool IsFolderPath(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || path.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            return false;
        }

        try
        {
            return Path.GetFullPath(path).Length > 0;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return false;
        }
    }
}
