namespace Headroom.Lab.Tests.Training;

/// <summary>Progress reported on the training thread, so a test can cancel a run at an exact step.</summary>
internal sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => report(value);
}
