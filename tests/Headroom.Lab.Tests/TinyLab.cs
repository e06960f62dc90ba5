namespace Headroom.Lab.Tests;

/// <summary>The tiny preset's world (base model, labels, data sets), built once per test run (an assembly fixture).</summary>
public sealed class TinyLab
{
    public TinyLab()
    {
        Folder = Path.Combine(Path.GetTempPath(), "headroom-lab-tests", "tiny-" + Guid.NewGuid().ToString("N"));
        Options = new LabOptions { Out = Folder, Seed = 1, Threads = 1, Preset = "tiny" };
        Report = LabSession.BuildData(Options);
    }

    public string Folder { get; }

    public LabOptions Options { get; }

    public DataReport Report { get; }
}
