namespace Headroom.Lab;

/// <summary>An SFT data set of the world, with the figures that show its difficulty.</summary>
/// <param name="Name">small, easy, uniform, hard or large.</param>
/// <param name="Examples">Expert trajectories.</param>
/// <param name="MeanSteps">Mean reasoning steps per problem.</param>
/// <param name="MeanResponseTokens">Mean expert response length in tokens (characters).</param>
/// <param name="WeakWinRate">Mean win rate of the weaker reference model (the base model) over its attempts; NaN when none is labelled.</param>
/// <param name="Labelled">Problems the win rate is measured on (for large: its first problems, the small set).</param>
/// <param name="DistinctAnswers">Distinct answers among the set's problems (of 100 possible).</param>
/// <param name="TopAnswerShare">Share of the most frequent answer (1/100 under a uniform answer distribution, plus sampling noise).</param>
/// <param name="UnfamiliarStepShare">Share of the set's steps that multiply by an unfamiliar multiplier (11, 13, 17, 19): what the base model never saw.</param>
/// <param name="MeanSlipSteps">
/// Mean steps per problem where a weak solver can slip (a familiar step that carries, with a result of two different
/// digits): the skill the world makes hard, and so what a set graded by a weaker model's wins has least of (a world
/// whose report was written before it was counted has it counted from its files when loaded).
/// </param>
public sealed record DatasetSummary(
    string Name, int Examples, double MeanSteps, double MeanResponseTokens, double WeakWinRate, int Labelled, int DistinctAnswers, double TopAnswerShare, double UnfamiliarStepShare,
    double MeanSlipSteps = double.NaN);
