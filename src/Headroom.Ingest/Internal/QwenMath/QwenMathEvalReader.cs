using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Headroom.Ingest;

/// <summary>
/// Qwen2.5-Math evaluation output (`evaluation/math_eval.py`): `&lt;output_dir&gt;/&lt;data_name&gt;/..._metrics.json`
/// holding `num_samples`, `num_scores`, `timeout_samples`, `empty_samples`, `acc` (percent, one decimal),
/// optional `type_acc`, `time_use_in_second` and `time_use_in_minite` (sic, text). Given a file, one run;
/// given an output folder, one run with every benchmark folder's metrics. Keys are `&lt;data_name&gt;/&lt;field&gt;`,
/// at step 0 or the `checkpoint-N`/`global_step_N` in the path. With `--n_sampling k&gt;1`, `acc` is the first
/// sample's accuracy only, not avg@k (noted in the metadata).
/// </summary>
internal sealed class QwenMathEvalReader : ILogReader
{
    private const string Suffix = "_metrics.json";

    public string Format => Formats.QwenMathEval;

    public bool CanRead(string path) => Directory.Exists(path) ? FolderFiles(path).Any() : IsMetricsFile(path);

    public IEnumerable<string> Claims(string path) => Directory.Exists(path) ? FolderFiles(path) : [path];

    public IReadOnlyList<RunLog> Read(string path, ReaderOptions options)
    {
        var isFolder = Directory.Exists(path);
        var files = isFolder ? FolderFiles(path).ToList() : [path];
        var run = RunBuilder.Kept(Format, path, isFolder ? Path.GetFileName(Path.TrimEndingDirectorySeparator(path)) : Path.GetFileNameWithoutExtension(path), options);
        var step = PathStep.Find(path) ?? 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var data = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(file)))!;
            if (!seen.Add(data))
            {
                run.Skip("a second metrics file of the same benchmark (its values replace the first's)", file);
            }

            JObject root;
            try
            {
                using var reader = Json.Reader(new StringReader(TextDocument.Read(file, run)));
                root = JToken.ReadFrom(reader) as JObject ?? throw IngestException.Malformed(file, 1, "expected a JSON object");
            }
            catch (JsonReaderException exception)
            {
                throw IngestException.Malformed(file, exception.LineNumber, $"malformed JSON at position {exception.LinePosition} ({Json.Describe(exception)})");
            }

            foreach (var property in root.Properties())
            {
                JsonLines.AddField(run, $"{data}/{property.Name}", property.Value, PathStep.Find(file) ?? step, null, file, nullIsNaN: false);
            }
        }

        run.Metadata["acc_note"] = "acc is the accuracy of the first sample per problem (percent; canonical benchmark_score is a fraction)";
        return [run.Build()];
    }

    private static bool IsMetricsFile(string path)
    {
        if (!File.Exists(path) || !path.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return false;
        }

        var head = FilePeek.Head(path, 4096);
        return head.Contains("\"acc\"", StringComparison.Ordinal) && head.Contains("\"num_samples\"", StringComparison.Ordinal);
    }

    private static IEnumerable<string> FolderFiles(string folder)
        => Directory.EnumerateDirectories(folder)
            .Order(StringComparer.Ordinal)
            .SelectMany(sub => Directory.EnumerateFiles(sub, "*" + Suffix).Order(StringComparer.Ordinal))
            .Where(IsMetricsFile);
}
