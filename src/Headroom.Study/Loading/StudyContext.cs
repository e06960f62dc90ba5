using Headroom.Core.Compute;

namespace Headroom.Study;

/// <summary>What every run of a study is read against: the manifest (for messages), the model and convention, and the score.</summary>
internal sealed record StudyContext(string Manifest, ModelDimensions? Model, FlopsConvention Convention, ScoreSpec Score)
{
    public static StudyContext Of(StudyManifest manifest)
        => new(manifest.Path, manifest.Model.Resolve(manifest.Path), manifest.Model.Convention, manifest.Score);

    /// <summary>An error about a run, naming the manifest line and field.</summary>
    public Func<string, Exception> Failing(long line, string field) => detail => StudyException.Run(Manifest, line, field, detail);
}
