using Headroom.Study;

namespace Headroom.Report.Tests;

/// <summary>The demo study (examples/demo) loaded once with a small bootstrap, shared by the report tests.</summary>
internal static class DemoReport
{
    private static readonly Lazy<StudyResult> _study = new(() => StudyLoader.Load(
        SharedData.InRepository("examples", "demo", "study.yaml"),
        new StudyOptions { Resamples = 100, Threads = 2 }));

    public static StudyResult Study => _study.Value;
}
