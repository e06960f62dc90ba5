namespace Headroom.Lab;

/// <summary>A benchmark's accuracy (pass@1, or Avg@k when <paramref name="SamplesPerProblem"/> is k &gt; 1).</summary>
/// <param name="Name">The lab benchmark.</param>
/// <param name="Mirrors">The paper benchmark it stands for.</param>
/// <param name="Problems">Problems (its weight in the headline).</param>
/// <param name="SamplesPerProblem">Samples per problem.</param>
/// <param name="Accuracy">Mean verified samples; NaN without problems.</param>
public sealed record BenchmarkResult(string Name, string Mirrors, int Problems, int SamplesPerProblem, double Accuracy);

/// <summary>An SFT data set of the world.</summary>
/// <param name="Name">small, easy, uniform, hard or large.</param>
/// <param name="Examples">Expert trajectories.</param>
/// <param name="MeanSteps">Mean reasoning steps per problem.</param>
/// <param name="MeanWinRate">Mean reference-model win rate, or NaN when the set is not labelled.</param>
public sealed record DatasetSummary(string Name, int Examples, double MeanSteps, double MeanWinRate);

/// <summary>What `lab data` reports: the world's sizes, its difficulty histogram and the base model's scores.</summary>
/// <param name="Folder">The lab folder.</param>
/// <param name="Preset">Preset name.</param>
/// <param name="Seed">Seed.</param>
/// <param name="Threads">Threads used for the base model and labelling.</param>
/// <param name="Parameters">Model parameters.</param>
/// <param name="Datasets">The five SFT sets.</param>
/// <param name="ValidationExamples">Held-out expert trajectories.</param>
/// <param name="Labelled">Candidates the reference model attempted.</param>
/// <param name="WinRateHistogram">Candidates per win rate 0, 0.25, 0.5, 0.75, 1.</param>
/// <param name="WinRateBySteps">Mean win rate per number of reasoning steps (index 0 = 1 step).</param>
/// <param name="BaseScores">The base model on each benchmark.</param>
/// <param name="BaseHeadline">Its problem-count-weighted headline score.</param>
/// <param name="BaseEvalLoss">Its validation loss on expert trajectories.</param>
public sealed record DataReport(
    string Folder, string Preset, int Seed, int Threads, long Parameters, IReadOnlyList<DatasetSummary> Datasets, int ValidationExamples,
    int Labelled, IReadOnlyList<int> WinRateHistogram, IReadOnlyList<double> WinRateBySteps, IReadOnlyList<BenchmarkResult> BaseScores, double BaseHeadline, double BaseEvalLoss);

/// <summary>One evaluation of a run: a checkpoint-N folder (or step 0, the starting model).</summary>
/// <param name="Step">Global step.</param>
/// <param name="EvalLoss">Validation loss.</param>
/// <param name="Headline">Weighted benchmark score, NaN when benchmarks were not scored.</param>
/// <param name="Scores">Accuracy per benchmark name.</param>
/// <param name="Flos">Training FLOPs up to this step (framework.md §6).</param>
public sealed record CheckpointSummary(int Step, double EvalLoss, double Headline, IReadOnlyDictionary<string, double> Scores, double Flos);

/// <summary>What `lab pretrain` and `lab sft` report.</summary>
/// <param name="Stage">pretrain or sft:NAME.</param>
/// <param name="Folder">Where the checkpoints are.</param>
/// <param name="Seed">Seed.</param>
/// <param name="Threads">Threads.</param>
/// <param name="Parameters">Model parameters.</param>
/// <param name="Steps">Steps done.</param>
/// <param name="ResumedFromStep">The checkpoint step the run resumed from (0 for a fresh run).</param>
/// <param name="TrainLoss">Mean training loss over all steps.</param>
/// <param name="Evaluations">Every evaluation, step 0 first.</param>
/// <param name="MinEvalLoss">L_min, the lowest validation loss.</param>
/// <param name="MinEvalStep">The step of L_min.</param>
/// <param name="TotalFlos">Training FLOPs (3 F_fwd per token, framework.md §6).</param>
/// <param name="TokensSeen">Training tokens.</param>
/// <param name="Seconds">Training wall time, resumed parts included.</param>
public sealed record TrainingReport(
    string Stage, string Folder, int Seed, int Threads, long Parameters, int Steps, int ResumedFromStep, double TrainLoss,
    IReadOnlyList<CheckpointSummary> Evaluations, double MinEvalLoss, int MinEvalStep, double TotalFlos, long TokensSeen, double Seconds);

/// <summary>What `lab eval` reports for one checkpoint.</summary>
/// <param name="Checkpoint">The evaluated folder.</param>
/// <param name="Seed">Sampling seed.</param>
/// <param name="Threads">Threads.</param>
/// <param name="EvalLoss">Validation loss.</param>
/// <param name="Scores">Per benchmark.</param>
/// <param name="Headline">Problem-count-weighted score (framework.md §7).</param>
public sealed record EvaluationReport(string Checkpoint, int Seed, int Threads, double EvalLoss, IReadOnlyList<BenchmarkResult> Scores, double Headline);
