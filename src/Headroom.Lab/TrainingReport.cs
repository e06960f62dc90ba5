using Headroom.Lab.Model;

namespace Headroom.Lab;

/// <summary>What `lab pretrain` and `lab sft` report.</summary>
/// <param name="Stage">pretrain or sft:NAME.</param>
/// <param name="Folder">Where the checkpoints are.</param>
/// <param name="Seed">Seed.</param>
/// <param name="Threads">Threads.</param>
/// <param name="Parameters">Model parameters.</param>
/// <param name="Model">The model's dimensions (also in the run's config.json).</param>
/// <param name="Steps">Steps done.</param>
/// <param name="ResumedFromStep">The checkpoint step the run resumed from (0 for a fresh run).</param>
/// <param name="TrainLoss">Mean training loss over all steps.</param>
/// <param name="Evaluations">Every evaluation, step 0 first.</param>
/// <param name="MinEvalLoss">L_min, the lowest validation loss.</param>
/// <param name="MinEvalStep">The step of L_min.</param>
/// <param name="TotalFlos">Training FLOPs (3 F_fwd per token, framework.md §6).</param>
/// <param name="TokensSeen">Training tokens.</param>
/// <param name="Seconds">Training wall time, resumed parts included.</param>
/// <param name="Plateau">True when the stopping rule ended the run before its last step (pretraining).</param>
public sealed record TrainingReport(
    string Stage, string Folder, int Seed, int Threads, long Parameters, LlamaConfig Model, int Steps, int ResumedFromStep, double TrainLoss,
    IReadOnlyList<CheckpointSummary> Evaluations, double MinEvalLoss, int MinEvalStep, double TotalFlos, long TokensSeen, double Seconds, bool Plateau);
