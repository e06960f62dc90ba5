namespace Headroom.Study.Tests.Data;

/// <summary>The simulated study in examples/demo, loaded once (200 resamples) for the tests that read it.</summary>
internal static class DemoStudy
{
    private static readonly Lazy<StudyResult> _result = new(() => StudyLoader.Load(
        SharedData.InRepository("examples", "demo", "study.yaml"),
        new StudyOptions { Resamples = 200, Threads = 2 }));

    public static StudyResult Result => _result.Value;
}
