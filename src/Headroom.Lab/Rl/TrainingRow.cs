using Headroom.Lab.Model;
using Headroom.Lab.World;

namespace Headroom.Lab.Rl;

/// <summary>
/// One sequence a policy update trains on: an on-policy rollout, or the world's expert trajectory written
/// as one, with its advantage, its reward and how many leading response tokens the expert wrote (all of
/// them for an expert trajectory, none for a rollout).
/// </summary>
internal sealed record TrainingRow(Rollout Rollout, float Advantage, double Reward, int ExpertTokens)
{
    /// <summary>True when the expert wrote the whole response (an off-policy sample).</summary>
    public bool IsExpert => ExpertTokens > 0 && ExpertTokens == Rollout.Tokens.Length;

    /// <summary>Prompt + response tokens.</summary>
    public int Sequence => Rollout.Prompt.Length + Rollout.Tokens.Length;

    /// <summary>A scored rollout (Prefix-RFT's with its expert prefix).</summary>
    public static TrainingRow OnPolicy(RlTrainer.Scored scored, float advantage) => new(scored.Rollout, advantage, scored.Reward, scored.ExpertTokens);

    /// <summary>
    /// The expert trajectory of <paramref name="problem"/> as an off-policy sample, scored by the verifier like any
    /// response. Its behaviour log-probabilities are 0: the expert's likelihood is unknown and taken as 1
    /// (LUFFY's convention), and no loss here reads them.
    /// </summary>
    public static TrainingRow Expert(Problem problem, float advantage)
    {
        var response = Trajectories.Expert(problem);
        var tokens = CharTokenizer.Encode(response);
        return new(new Rollout(problem.Prompt, tokens, new float[tokens.Length], Finished: true), advantage, Verifier.IsCorrect(problem, response) ? 1.0 : 0.0, tokens.Length);
    }

}
