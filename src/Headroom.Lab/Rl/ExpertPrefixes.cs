using Headroom.Lab.Model;
using Headroom.Lab.World;

namespace Headroom.Lab.Rl;

/// <summary>
/// Prefix-RFT's rollouts (Huang et al. 2025, "Blending Supervised and Reinforcement Fine-Tuning with Prefix
/// Sampling"; framework.md §8): in each group the last <see cref="RlConfig.PrefixRollouts"/> rollouts start
/// from a prefix of the expert trajectory — a share drawn uniformly from [min, max] of its length, at least
/// one token and never all of it — that the policy completes. The draw depends only on the seed and the
/// prompt's position in the run's stream, so a resumed run draws the same prefixes. Every other algorithm
/// samples from the bare prompt (prefix length 0).
/// </summary>
internal static class ExpertPrefixes
{
    /// <summary>Refuses prefix settings that cannot be drawn, before any work.</summary>
    public static void Check(RlConfig config)
    {
        if (config.PrefixRollouts < 0 || config.PrefixRollouts > config.Group)
        {
            throw LabException.BadSetting("prefix_rollouts", $"{config.PrefixRollouts}", $"a whole number from 0 to the group size {config.Group}");
        }

        if (!(config.PrefixMinRatio >= 0 && config.PrefixMinRatio <= config.PrefixMaxRatio && config.PrefixMaxRatio <= 1))
        {
            throw LabException.BadSetting("prefix_min_ratio", $"{config.PrefixMinRatio}", $"a share from 0 to prefix_max_ratio {config.PrefixMaxRatio}, itself at most 1");
        }
    }

    /// <summary>The expert-prefix length of each rollout of <paramref name="problems"/> (G per problem), the first at stream position <paramref name="position"/>.</summary>
    public static int[] Lengths(RlRun run, IReadOnlyList<Problem> problems, long position)
    {
        var group = run.Config.Group;
        var lengths = new int[problems.Count * group];
        if (run.Algorithm != RlAlgorithm.PrefixRft)
        {
            return lengths;
        }

        var (min, max) = (run.Config.PrefixMinRatio, run.Config.PrefixMaxRatio);
        for (var p = 0; p < problems.Count; p++)
        {
            var expert = Trajectories.Expert(problems[p]).Length;
            for (var j = group - run.Config.PrefixRollouts; j < group; j++)
            {
                var share = min + (max - min) * SplitMix64.For(run.Seed, "prefix-rft", ((position + p) * group) + j).NextDouble();
                lengths[(p * group) + j] = Math.Clamp((int)Math.Round(share * expert), 1, expert - 1);
            }
        }

        return lengths;
    }

    /// <summary>What the sampler continues: the prompt followed by the expert's first <paramref name="length"/> characters.</summary>
    public static string Prompt(Problem problem, int length) => length == 0 ? problem.Prompt : problem.Prompt + Trajectories.Expert(problem)[..length];

    /// <summary>
    /// The rollout of <paramref name="problem"/> whose response is the expert prefix followed by what the policy
    /// sampled; the prefix tokens carry log-probability 0 (the expert's likelihood, unknown, taken as 1).
    /// </summary>
    public static Rollout Join(Problem problem, Rollout sampled, int length)
    {
        if (length == 0)
        {
            return sampled;
        }

        var prefix = CharTokenizer.Encode(Trajectories.Expert(problem)[..length]);
        return new Rollout(problem.Prompt, [.. prefix, .. sampled.Tokens], [.. new float[length], .. sampled.LogProbs], sampled.Finished);
    }
}
