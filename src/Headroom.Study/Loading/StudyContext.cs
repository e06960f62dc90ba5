using Headroom.Core.Compute;

namespace Headroom.Study;

/// <summary>What every run of a study is read against: the manifest (for messages), the model and convention, and the score.</summary>
internal sealed record StudyContext(string Manifest, ModelDimensions? Model, FlopsConvention Convention, ScoreSpec Score, IReadOnlyList<(string Field, string Option)> FieldNames)
{
    public static StudyContext Of(StudyManifest manifest)
        => new(manifest.Path, manifest.Model.Resolve(manifest.Path), manifest.Model.Convention, manifest.Score, manifest.FieldNames);

    /// <summary>An error about a run, naming the manifest line and field.</summary>
    /// <summary>
    /// <paramref name="path"/> relative to the manifest's folder when it lies inside it, so results.json and the report
    /// name the same files on every machine the study folder is copied to; otherwise the path as it is.
    /// </summary>
    public string Describe(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(Manifest));
        if (folder is null)
        {
            return path;
        }

        var relative = Path.GetRelativePath(folder, Path.GetFullPath(path));
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative.Replace('\\', '/');
    }

    public Func<string, Exception> Failing(long line, string field) => detail => StudyException.Run(Manifest, line, field, FieldNames.Aggregate(detail, (text, name) => text.Replace(name.Field, name.Option, StringComparison.Ordinal)));
}
