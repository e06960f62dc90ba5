namespace Headroom.Lab;

/// <summary>An SFT data set of the world.</summary>
/// <param name="Name">small, easy, uniform, hard or large.</param>
/// <param name="Examples">Expert trajectories.</param>
/// <param name="MeanSteps">Mean reasoning steps per problem.</param>
/// <param name="MeanWinRate">Mean reference-model win rate, or NaN when the set is not labelled.</param>
public sealed record DatasetSummary(string Name, int Examples, double MeanSteps, double MeanWinRate);
