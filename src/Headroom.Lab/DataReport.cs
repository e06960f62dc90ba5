using Headroom.Lab.Model;

namespace Headroom.Lab;

/// <summary>What `lab data` reports: the world's sets and their difficulty, the base model and its scores with standard errors.</summary>
/// <param name="Version">The world's version (3: answers modulo 100, transposition slips); older worlds are refused.</param>
/// <param name="Folder">The lab folder.</param>
/// <param name="Preset">Preset name.</param>
/// <param name="Seeds">The world and pretraining seeds that built it (SFT and RL seeds are the command's).</param>
/// <param name="Threads">Threads used for the base model and labelling.</param>
/// <param name="Parameters">Model parameters.</param>
/// <param name="Model">The base model's dimensions (also in base/config.json); every run from this world uses them.</param>
/// <param name="Pretraining">How pretraining ended (the stopping rule).</param>
/// <param name="Sets">The five SFT sets.</param>
/// <param name="ValidationExamples">Held-out expert trajectories (eval_loss).</param>
/// <param name="Attempts">Attempts of the reference model per labelled problem.</param>
/// <param name="Labelled">Candidates the reference model attempted.</param>
/// <param name="WinRateHistogram">Candidates per wins 0..Attempts.</param>
/// <param name="WinRateBySteps">Mean win rate per number of reasoning steps (index 0 = 1 step; NaN where none).</param>
/// <param name="LuckyWinRateBySteps">Of that, the mean rate of lucky wins: a right answer without an exact trajectory (a guess, or wrong steps ending on the right value).</param>
/// <param name="Benchmarks">The base model on each benchmark, with its standard error.</param>
/// <param name="Headline">Its problem-count-weighted headline score and standard error.</param>
/// <param name="BaseEvalLoss">Its validation loss on expert trajectories.</param>
public sealed record DataReport(
    int Version, string Folder, string Preset, LabSeeds Seeds, int Threads, long Parameters, LlamaConfig Model, PretrainSummary Pretraining,
    IReadOnlyList<DatasetSummary> Sets, int ValidationExamples, int Attempts, int Labelled, IReadOnlyList<int> WinRateHistogram, IReadOnlyList<double> WinRateBySteps, IReadOnlyList<double> LuckyWinRateBySteps,
    IReadOnlyList<BaseBenchmark> Benchmarks, BaseHeadline Headline, double BaseEvalLoss);
