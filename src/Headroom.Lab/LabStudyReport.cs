namespace Headroom.Lab;

/// <summary>What `headroom lab study` did.</summary>
/// <param name="Folder">The study folder.</param>
/// <param name="Manifest">The study manifest that `headroom analyze` reads.</param>
/// <param name="Preset">quick or paper.</param>
/// <param name="LabPreset">The lab preset of the world.</param>
/// <param name="Seed">Every run's seed.</param>
/// <param name="Threads">Torch threads per run.</param>
/// <param name="Jobs">Runs at a time.</param>
/// <param name="Runs">Every run in the order it was planned.</param>
/// <param name="Seconds">Wall time of this invocation.</param>
public sealed record LabStudyReport(string Folder, string Manifest, string Preset, string LabPreset, int Seed, int Threads, int Jobs, IReadOnlyList<StudyRunResult> Runs, double Seconds);

/// <summary>One run of a study.</summary>
/// <param name="Id">world, sft/NAME or rl/NAME.</param>
/// <param name="Kind">world, sft, pure-rl, synchronized or sft-then-rl.</param>
/// <param name="Folder">Its output folder.</param>
/// <param name="Skipped">True when it had finished before this invocation.</param>
/// <param name="Seconds">How long its command ran (from its marker when skipped).</param>
/// <param name="Regime">SFT-then-RL: the regime of the SFT checkpoint it branched from.</param>
public sealed record StudyRunResult(string Id, string Kind, string Folder, bool Skipped, double Seconds, string? Regime);
