namespace Headroom.Lab;

/// <summary>The base model on one benchmark, as `lab data` reports it.</summary>
/// <param name="Name">The lab benchmark.</param>
/// <param name="Mirrors">The paper benchmark it stands for.</param>
/// <param name="Problems">Problems (its weight in the headline).</param>
/// <param name="SamplesPerProblem">Samples per problem (1: pass@1; k: Avg@k).</param>
/// <param name="MinSteps">Fewest reasoning steps of its problems.</param>
/// <param name="MaxSteps">Most reasoning steps of its problems.</param>
/// <param name="BaseScore">The base model's accuracy.</param>
/// <param name="Se">Its standard error over problems.</param>
/// <param name="MeanSlipSteps">Mean steps per problem where a weak solver can slip (see <see cref="DatasetSummary.MeanSlipSteps"/>).</param>
public sealed record BaseBenchmark(string Name, string Mirrors, int Problems, int SamplesPerProblem, int MinSteps, int MaxSteps, double BaseScore, double Se, double MeanSlipSteps = double.NaN);

/// <summary>The base model's headline, as `lab data` reports it.</summary>
/// <param name="Base">The problem-count-weighted score.</param>
/// <param name="Se">Its standard error.</param>
public sealed record BaseHeadline(double Base, double Se);
