using Headroom.Lab.Model;

namespace Headroom.Lab;

/// <summary>What `lab rl` reports.</summary>
/// <param name="Stage">rl:grpo, rl:dapo_d, rl:dapo_dc, rl:luffy, rl:srft, rl:upt or rl:prefix_rft.</param>
/// <param name="Folder">Where the checkpoints are.</param>
/// <param name="Log">The verl file-logger JSONL.</param>
/// <param name="From">The starting model's folder.</param>
/// <param name="Seed">The RL seed.</param>
/// <param name="Threads">Threads.</param>
/// <param name="Model">The model's dimensions.</param>
/// <param name="Steps">Steps done.</param>
/// <param name="ResumedFromStep">The checkpoint step the run resumed from (0 for a fresh run).</param>
/// <param name="Evaluations">Every evaluation, step 0 (the starting model, P_sft) first.</param>
/// <param name="TotalFlos">RL compute since the branch point (framework.md §6).</param>
/// <param name="MeanReward">Mean training reward over the last logged step.</param>
/// <param name="GenerationRounds">Generation rounds over all steps (K summed; equals the steps without dynamic sampling).</param>
/// <param name="Seconds">Wall time, resumed parts included.</param>
public sealed record RlReport(
    string Stage, string Folder, string Log, string From, int Seed, int Threads, LlamaConfig Model, int Steps, int ResumedFromStep,
    IReadOnlyList<CheckpointSummary> Evaluations, double TotalFlos, double MeanReward, long GenerationRounds, double Seconds);
