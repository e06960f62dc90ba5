namespace Headroom.Study;

/// <summary>Overrides of the manifest's fit section, and the threads to use.</summary>
public sealed record StudyOptions
{
    /// <summary>Nothing overridden, every core.</summary>
    public static StudyOptions Default { get; } = new();

    /// <summary>Bootstrap resamples (null: the manifest's, else 1000).</summary>
    public int? Resamples { get; init; }

    /// <summary>Seed (null: the manifest's, else 0).</summary>
    public int? Seed { get; init; }

    /// <summary>Worker threads (0 = every core). Results do not depend on it.</summary>
    public int Threads { get; init; }
}
