namespace Headroom.Lab;

/// <summary>A study's progress: runs done, running (with how far each is) and left, and the estimated time to the end.</summary>
/// <param name="Done">Runs finished, skipped ones included.</param>
/// <param name="Running">Runs in progress: id and fraction of their steps done.</param>
/// <param name="Left">Runs not started yet, counting the SFT-then-RL branches still to be planned (an estimate until every SFT run is done).</param>
/// <param name="Elapsed">Time since the study (re)started.</param>
/// <param name="Eta">Estimated time to the end, from the durations of finished runs of each kind; null until one has finished.</param>
/// <param name="Message">An event (a run started, finished or was skipped), or null for a periodic update.</param>
public sealed record StudyProgress(int Done, IReadOnlyList<StudyRunProgress> Running, int Left, TimeSpan Elapsed, TimeSpan? Eta, string? Message = null);

/// <summary>A run in progress: its id and the fraction of its steps done (0 until its first progress line).</summary>
public sealed record StudyRunProgress(string Id, double Fraction);
