namespace Headroom.Lab;

/// <summary>A progress report of a lab stage: after each training step, per evaluation, per labelling chunk.</summary>
/// <param name="Stage">pretrain, label, or sft:NAME.</param>
/// <param name="Step">Steps (or labelled candidates) done.</param>
/// <param name="MaxSteps">Steps (or candidates) in total.</param>
/// <param name="Loss">The current training loss; NaN outside training.</param>
/// <param name="StepsPerSecond">Steps per second since the (re)start.</param>
/// <param name="TokensPerSecond">Training tokens per second since the (re)start.</param>
/// <param name="Remaining">Estimated time to the last step.</param>
/// <param name="Message">What is happening besides stepping ("evaluating"), or null.</param>
/// <param name="Reward">RL: the step's mean reward; NaN otherwise.</param>
public sealed record TrainingProgress(string Stage, int Step, int MaxSteps, double Loss, double StepsPerSecond, double TokensPerSecond, TimeSpan Remaining, string? Message = null, double Reward = double.NaN);
