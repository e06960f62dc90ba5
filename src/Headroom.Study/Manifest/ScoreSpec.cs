namespace Headroom.Study;

/// <summary>
/// How the headline score is made from a run's evaluations: a weighted mean of benchmarks (default: the paper's
/// six math benchmarks weighted by problem count, framework.md §7), or one key that already holds it.
/// </summary>
/// <param name="Benchmarks">Benchmark names with their weights (e.g. problem counts).</param>
/// <param name="Key">A series or table column that already holds the headline score, or null.</param>
/// <param name="Unit">Whether scores are logged as percentages or fractions (then multiplied by 100).</param>
public sealed record ScoreSpec(IReadOnlyList<(string Name, double Weight)> Benchmarks, string? Key, ScoreUnit Unit)
{
    /// <summary>The paper's headline: GSM8K 1317, OlympiadBench 291, Minerva 262, MATH 237, AIME24 25, AIME25 25.</summary>
    public static ScoreSpec Paper { get; } = new(
        [("gsm8k", 1317), ("olympiad_bench", 291), ("minerva", 262), ("math", 237), ("aime", 25), ("aime25", 25)],
        null,
        ScoreUnit.Auto);
}

/// <summary>The unit scores are logged in.</summary>
public enum ScoreUnit
{
    /// <summary>Fractions when every value of a run lies in [0, 1], else percentages (the choice is noted).</summary>
    Auto,

    /// <summary>Percentages (0–100).</summary>
    Percent,

    /// <summary>Fractions (0–1), reported as percentages.</summary>
    Fraction,
}
