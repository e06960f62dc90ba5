using System.Text.RegularExpressions;
using Headroom.Core.Compute;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Headroom.Study;

/// <summary>
/// A study manifest (YAML): the model and compute convention, how the headline score is made, the SFT runs, the
/// RL branches (`from: sft-run@step`), Pure-RL and synchronized runs, and the fit settings. Relative paths resolve
/// against the manifest's folder. Every error names the manifest, the line and the field.
/// </summary>
public sealed partial record StudyManifest
{
    private static readonly string[] _topLevel = ["study", "model", "score", "sft", "rl", "pure_rl", "synchronized", "fit"];

    /// <summary>The manifest file.</summary>
    public required string Path { get; init; }

    /// <summary>The study's name.</summary>
    public required string Name { get; init; }

    /// <summary>The model and FLOPs convention.</summary>
    public required ModelSpec Model { get; init; }

    /// <summary>How the headline score is made.</summary>
    public required ScoreSpec Score { get; init; }

    /// <summary>The SFT runs (and datasets reported from elsewhere).</summary>
    public required IReadOnlyList<SftRunSpec> SftRuns { get; init; }

    /// <summary>Every RL run: SFT-then-RL branches, Pure-RL and synchronized runs.</summary>
    public required IReadOnlyList<BranchSpec> Branches { get; init; }

    /// <summary>How the branches are fitted.</summary>
    public required FitSpec Fit { get; init; }

    /// <summary>True for a path named like a manifest (`.yaml` or `.yml`), which commands taking a CSV also accept.</summary>
    public static bool IsManifestPath(string path)
        => path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads and checks the manifest at <paramref name="path"/>; open `# TODO` lines left by `headroom init` are refused.</summary>
    public static StudyManifest Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw StudyException.NotFound(path);
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses manifest text; <paramref name="path"/> names it in errors and anchors its relative paths.</summary>
    public static StudyManifest Parse(string yaml, string path)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(path);
        RefuseTodos(yaml, path);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw StudyException.NotYaml(path, e.Start.Line, e.Message, e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner fails this way (without a position) inside an unclosed flow collection.
            throw StudyException.NotYaml(path, null, "an unclosed '{' or '['?", e);
        }

        if (stream.Documents.Count == 0)
        {
            throw StudyException.Missing(path, 1, "study", "the manifest is empty; write one with 'headroom init RUN_FOLDER...'");
        }

        var root = ManifestNode.Of(path, string.Empty, stream.Documents[0].RootNode).Allow(_topLevel);
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        var reader = new ManifestReader(root, folder);
        var sft = root.List("sft").Select(reader.SftRun).ToList();
        var branches = root.List("rl").Select(n => reader.Branch(n, Paradigm.SftThenRl))
            .Concat(root.List("pure_rl").Select(n => reader.Branch(n, Paradigm.PureRl)))
            .Concat(root.List("synchronized").Select(n => reader.Branch(n, Paradigm.Synchronized)))
            .ToList();
        var manifest = new StudyManifest
        {
            Path = path,
            Name = root.String("study") ?? System.IO.Path.GetFileNameWithoutExtension(path),
            Model = reader.Model(root.Mapping("model")),
            Score = reader.Score(root.Mapping("score")),
            SftRuns = sft,
            Branches = branches,
            Fit = reader.Fit(root.Mapping("fit")),
        };
        manifest.CheckNames();
        return manifest;
    }

    private static void RefuseTodos(string yaml, string path)
    {
        var lines = yaml.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (TodoLine().IsMatch(lines[i]))
            {
                throw StudyException.Todo(path, i + 1, lines[i].Trim().TrimStart('#').Trim());
            }
        }
    }

    private void CheckNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var run in SftRuns)
        {
            if (!names.Add(run.Name))
            {
                throw StudyException.Field(Path, run.Line, "sft.name", $"'{run.Name}' names two runs; names must be unique");
            }
        }

        foreach (var branch in Branches)
        {
            if (branch.Table is null && !names.Add(branch.Name))
            {
                throw StudyException.Field(Path, branch.Line, $"{branch.Field}.name", $"'{branch.Name}' names two runs; names must be unique");
            }

            if (branch.From is { } from && !SftRuns.Any(r => r.Name == from))
            {
                throw StudyException.Field(Path, branch.Line, $"{branch.Field}.from", $"no SFT run is named '{from}'; the SFT runs are {string.Join(", ", SftRuns.Select(r => $"'{r.Name}'"))}");
            }
        }
    }

    [GeneratedRegex(@"^\s*#\s*TODO\b", RegexOptions.CultureInvariant)]
    private static partial Regex TodoLine();

    /// <summary>The FLOPs conventions by manifest name.</summary>
    internal static IReadOnlyDictionary<string, FlopsConvention> Conventions { get; } = new Dictionary<string, FlopsConvention>(StringComparer.OrdinalIgnoreCase)
    {
        ["retu"] = FlopsConvention.Retu,
        ["6n"] = FlopsConvention.SixN,
        ["verl"] = FlopsConvention.Verl,
    };
}
