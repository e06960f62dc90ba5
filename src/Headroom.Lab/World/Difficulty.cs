using Headroom.Lab.Model;
using static TorchSharp.torch;

namespace Headroom.Lab.World;

/// <summary>The paper's difficulty classes, from a weaker reference model's win rate over 4 attempts.</summary>
internal enum DifficultyClass
{
    /// <summary>Win rate 1.0: every attempt correct.</summary>
    Easy,

    /// <summary>Win rate in (0.25, 1.0).</summary>
    Medium,

    /// <summary>Win rate at most 0.25: at most one of four attempts correct.</summary>
    Hard,
}

/// <summary>
/// Difficulty as Ding et al. define it: the win rate of a weaker reference model over
/// 4 (WorldSizes.Attempts) sampled attempts per problem. The lab's reference model is the
/// base model (weaker than any SFT model built on it).
/// </summary>
internal static class Difficulty
{
    /// <summary>Easy when every attempt wins, Hard when at most a quarter do, Medium otherwise.</summary>
    public static DifficultyClass Classify(double winRate)
        => winRate >= 1.0 ? DifficultyClass.Easy : winRate <= 0.25 ? DifficultyClass.Hard : DifficultyClass.Medium;

    /// <summary>
    /// Per problem, the fraction of <paramref name="attempts"/> sampled responses that verify (the win rate),
    /// and the fraction that verify without being an exact trajectory (lucky wins: a guessed answer, or
    /// wrong steps that happened to end on the right value).
    /// </summary>
    public static (double[] WinRates, double[] LuckyRates) Attempt(Llama reference, IReadOnlyList<Problem> problems, int attempts, SamplingSettings settings, Generator generator)
    {
        var prompts = problems.SelectMany(p => Enumerable.Repeat(p.Prompt, attempts)).ToList();
        var responses = Sampler.Generate(reference, prompts, settings, generator);
        double Share(int problem, Func<Problem, string, bool> counts)
            => Enumerable.Range(problem * attempts, attempts).Count(j => counts(problems[problem], responses[j])) / (double)attempts;
        var winRates = problems.Select((_, i) => Share(i, Verifier.IsCorrect)).ToArray();
        var luckyRates = problems.Select((_, i) => Share(i, (p, r) => Verifier.IsCorrect(p, r) && !Verifier.IsExactTrajectory(p, r))).ToArray();
        return (winRates, luckyRates);
    }
}
