using Headroom.Lab.Model;

namespace Headroom.Lab;

/// <summary>What `lab data` reports: the world's sizes, its difficulty histogram and the base model's scores.</summary>
/// <param name="Folder">The lab folder.</param>
/// <param name="Preset">Preset name.</param>
/// <param name="Seed">Seed.</param>
/// <param name="Threads">Threads used for the base model and labelling.</param>
/// <param name="Parameters">Model parameters.</param>
/// <param name="Model">The base model's dimensions (also in base/config.json); every SFT run from this world uses them.</param>
/// <param name="Datasets">The five SFT sets.</param>
/// <param name="ValidationExamples">Held-out expert trajectories.</param>
/// <param name="Labelled">Candidates the reference model attempted.</param>
/// <param name="WinRateHistogram">Candidates per win rate 0, 0.25, 0.5, 0.75, 1.</param>
/// <param name="WinRateBySteps">Mean win rate per number of reasoning steps (index 0 = 1 step).</param>
/// <param name="BaseScores">The base model on each benchmark.</param>
/// <param name="BaseHeadline">Its problem-count-weighted headline score.</param>
/// <param name="BaseEvalLoss">Its validation loss on expert trajectories.</param>
public sealed record DataReport(
    string Folder, string Preset, int Seed, int Threads, long Parameters, GptConfig Model, IReadOnlyList<DatasetSummary> Datasets, int ValidationExamples,
    int Labelled, IReadOnlyList<int> WinRateHistogram, IReadOnlyList<double> WinRateBySteps, IReadOnlyList<BenchmarkResult> BaseScores, double BaseHeadline, double BaseEvalLoss);
