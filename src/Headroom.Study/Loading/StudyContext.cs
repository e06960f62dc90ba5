using Headroom.Core.Compute;

namespace Headroom.Study;

/// <summary>What every run of a study is read against: the manifest (for messages), the model and convention, and the score.</summary>
internal sealed record StudyContext(string Manifest, ModelDimensions? Model, FlopsConvention Convention, ScoreSpec Score, IReadOnlyList<(string Field, string Option)> FieldNames)
{
    public static StudyContext Of(StudyManifest manifest)
        => new(manifest.Path, manifest.Model.Resolve(manifest.Path), manifest.Model.Convention, manifest.Score, manifest.FieldNames);

    /// <summary>An error about a run, naming the manifest line and field.</summary>
    public Func<string, Exception> Failing(long line, string field) => detail => StudyException.Run(Manifest, line, field, FieldNames.Aggregate(detail, (text, name) => text.Replace(name.Field, name.Option, StringComparison.Ordinal)));
}
