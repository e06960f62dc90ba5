namespace Headroom.Lab.World;

/// <summary>
/// One evaluation benchmark of the lab: a named problem distribution, its problems, and how many
/// samples score each problem (1 = pass@1; 16 = Avg@16, as the paper scores AIME).
/// </summary>
internal sealed record Benchmark(string Name, string Mirrors, ProblemShape Shape, IReadOnlyList<Problem> Problems, int SamplesPerProblem);

/// <summary>
/// The six benchmarks, each mirroring one of the paper's (framework.md §7) in relative difficulty and
/// weight: a large easy set (GSM8K), three middle sets of distinct length and mix, and two small hard
/// sets scored Avg@16 (AIME24/25), harder than anything in training.
/// </summary>
internal static class Benchmarks
{
    /// <summary>Name, mirrored benchmark, shape, problems at scale 1 (the paper's counts), samples per problem.</summary>
    public static IReadOnlyList<(string Name, string Mirrors, ProblemShape Shape, int FullCount, int Samples)> Specifications { get; } =
    [
        ("arith", "GSM8K", new ProblemShape(2, 4, 0.0, 0.0), 1317, 1),
        ("olympiad", "OlympiadBench", new ProblemShape(6, 8, 0.3, 0.5), 291, 1),
        ("products", "Minerva", new ProblemShape(3, 5, 0.6, 0.5), 262, 1),
        ("chains", "MATH", new ProblemShape(4, 6, 0.3, 0.5), 237, 1),
        ("aime_a", "AIME24", new ProblemShape(8, 10, 0.4, 0.5), 25, 16),
        ("aime_b", "AIME25", new ProblemShape(10, 12, 0.5, 0.5), 25, 16),
    ];

    /// <summary>
    /// Draws the six benchmarks; <paramref name="scale"/> multiplies the problem counts (at least 2 each).
    /// Problems are unique within and across benchmarks.
    /// </summary>
    public static IReadOnlyList<Benchmark> Create(long seed, double scale)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var benchmarks = new List<Benchmark>();
        foreach (var (name, mirrors, shape, fullCount, samples) in Specifications)
        {
            var random = SplitMix64.For(seed, "benchmark:" + name);
            var count = Math.Max(2, (int)Math.Round(fullCount * scale));
            var problems = Draw(shape, random, count, seen);
            benchmarks.Add(new Benchmark(name, mirrors, shape, problems, samples));
        }

        return benchmarks;
    }

    /// <summary>Draws <paramref name="count"/> problems whose prompts are not in <paramref name="exclude"/>, adding them to it.</summary>
    public static List<Problem> Draw(ProblemShape shape, SplitMix64 random, int count, HashSet<string> exclude)
    {
        var problems = new List<Problem>(count);
        for (var attempts = 0; problems.Count < count && attempts < 1000 * count; attempts++)
        {
            var problem = shape.Draw(random);
            if (exclude.Add(problem.Prompt))
            {
                problems.Add(problem);
            }
        }

        return problems;
    }
}
