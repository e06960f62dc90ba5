using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace Headroom.Ingest.Tests;

/// <summary>
/// Every W&amp;B run folder in ../shared/realworld (24 files: 5 datastores, config.yaml, summaries,
/// metadata, logs), read with the counts ../shared/realworld/SOURCES.md lists: summary keys and
/// histogram entries, the `_step` occurrences in each datastore, the config line counts. History row
/// counts were read with an independent Python decoder of the same files; the summary values are
/// checked against the last history values, as W&amp;B's summary is the last value logged.
/// </summary>
public sealed class RealWorldWandbTests
{
    /// <summary>A run folder: SOURCES.md's summary key and histogram counts, '_step' occurrences and config lines; history rows from the Python decode.</summary>
    public sealed record Expectation(string Folder, int? SummaryKeys, int Histograms, int? StepOccurrences, int ConfigLines, int HistoryRows, string[] SummaryKeysSample)
    {
        public override string ToString() => Folder;
    }

    public static TheoryData<Expectation> Folders() =>
    [
        new Expectation("0-KaiKai-0__stanford_alpaca/run-20231104_050850-argq0i8h", 12, 0, 1472, 643, 730,
            ["train/loss", "train/learning_rate", "train/epoch", "train/global_step", "_timestamp", "_runtime", "_step", "train/train_runtime"]),
        new Expectation("480284856__RLHF_Training/offline-run-20230413_090116-iotz2fip", null, 0, 0, 0, 0, []),
        new Expectation("480284856__RLHF_Training/run-20230420_073822-clnzftry", 8, 0, 79, 36, 78,
            ["loss", "lr", "epoch", "batch_id", "_timestamp", "_runtime", "_step", "_wandb"]),
        new Expectation("480284856__RLHF_Training/run-20230420_074253-linlb6f6", 156, 148, null, 36, 0,
            ["loss", "lr", "epoch", "batch_id", "_timestamp", "_runtime", "_step"]),
        new Expectation("hiyouga__LLaMA-Factory/run-20240416_154045-shmrcbfs", 9, 0, 23, 697, 4,
            ["train/loss", "train/grad_norm", "train/learning_rate", "train/epoch", "train/global_step", "_timestamp", "_runtime", "_step"]),
        new Expectation("wisdom-pan__ChatGLM-LoRA/run-20230718_112937-9dandmr4", 11, 0, 17, 669, 1,
            ["train/train_runtime", "train/train_samples_per_second", "train/train_steps_per_second", "train/total_flos", "train/train_loss", "train/epoch", "train/global_step", "_timestamp"]),
    ];

    [Theory]
    [MemberData(nameof(Folders))]
    public void Real_run_folder_is_read_with_the_counts_SOURCES_lists(Expectation expected)
    {
        // Given
        var folder = Path.Combine(SharedData.RequireFolder("realworld"), "wandb", expected.Folder);
        var files = Path.Combine(folder, "files");

        // When read strictly (a truncated tail of a live run is tolerated even so)
        var run = Assert.Single(new WandbReader().Read(folder, new ReaderOptions { BadRecords = BadRecordPolicy.Strict }));

        // Then the datastore is the file SOURCES.md describes, and its history rows are all read
        var datastore = Directory.EnumerateFiles(folder, "*.wandb").SingleOrDefault();
        Assert.Equal(expected.StepOccurrences, datastore is null ? null : Occurrences(File.ReadAllBytes(datastore), "_step"u8));
        Assert.Equal(expected.HistoryRows.ToString(System.Globalization.CultureInfo.InvariantCulture), run.Metadata["history_rows"]);

        // And the summary: its histograms are counted, its numbers are all series, each equal to the last value
        var summaryFile = Path.Combine(files, "wandb-summary.json");
        if (expected.SummaryKeys is { } keys)
        {
            var summary = JObject.Parse(File.ReadAllText(summaryFile));
            Assert.Equal(keys, summary.Count);
            Assert.All(expected.SummaryKeysSample, key => Assert.True(summary.ContainsKey(key), key));
            var histograms = run.Skipped.SingleOrDefault(s => s.Reason == "non-scalar value (histogram) in the run summary")?.Count ?? 0;
            Assert.Equal(expected.Histograms, histograms);
            foreach (var (key, value) in summary)
            {
                if (key is "_step" or "_timestamp" or "_wandb" || value is not JValue { Type: JTokenType.Float or JTokenType.Integer } number)
                {
                    continue;
                }

                var series = run.Find(key);
                Assert.True(series is not null, $"summary key {key} has no series");
                var last = series.Points[^1].Value;
                var expectedValue = number.Value<double>();
                Assert.True(double.IsNaN(expectedValue) ? double.IsNaN(last) : last == expectedValue, $"{key}: summary {expectedValue}, last value {last}");
            }
        }
        else
        {
            Assert.False(File.Exists(summaryFile));
        }

        // And config.yaml's line count and CLI version are those of the file read
        var config = Path.Combine(files, "config.yaml");
        Assert.Equal(expected.ConfigLines, File.Exists(config) ? File.ReadAllLines(config).Length : 0);
        if (File.Exists(config))
        {
            var version = Regex.Match(File.ReadAllText(config), @"cli_version: (\S+)").Groups[1].Value;
            Assert.Equal(version, run.Metadata["wandb.cli_version"]);
        }
    }

    [Fact]
    public void The_realworld_wandb_tree_is_read_as_six_runs_through_log_ingest()
    {
        // Given the whole wandb/ tree (24 files in 6 run folders)
        var root = Path.Combine(SharedData.RequireFolder("realworld"), "wandb");

        // When
        var result = LogIngest.Read([root]);

        // Then every file belongs to a run and none is left unrecognised
        Assert.Equal(24, Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Count());
        Assert.Equal(6, result.Runs.Count);
        Assert.All(result.Runs, r => Assert.Equal("wandb", r.Format));
        Assert.Empty(result.Unrecognised);
        Assert.Empty(result.Failures);
    }

    [Fact]
    public void The_realworld_wandb_tree_is_summarised_as_it_streams_exactly_as_read_whole()
    {
        // Given the six real run folders (five datastores, summaries with histograms, a run without a summary)
        var root = Path.Combine(SharedData.RequireFolder("realworld"), "wandb");

        // When summarised (each datastore streamed record by record) and read whole
        var streamed = LogIngest.Summarise([root]).Runs;
        var whole = LogIngest.Read([root]).Runs.Select(RunSummary.Of).ToList();

        // Then the same runs, names, series, skips and metadata
        Assert.Equal(whole.Select(r => (r.Path, r.Name)), streamed.Select(r => (r.Path, r.Name)));
        for (var i = 0; i < whole.Count; i++)
        {
            Assert.Equal(whole[i].Series, streamed[i].Series);
            Assert.Equal(whole[i].Skipped, streamed[i].Skipped);
            Assert.Equal(whole[i].Metadata.OrderBy(m => m.Key), streamed[i].Metadata.OrderBy(m => m.Key));
        }

        // And they are not empty: the 730 history rows of argq0i8h (RealWorldWandbTests' Python decode) are in them
        Assert.Equal("730", streamed[0].Metadata["history_rows"]);
        Assert.True(streamed[0].Series.Single(s => s.Key == "train/loss").Count > 100);
    }

    private static int Occurrences(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle)
    {
        var count = 0;
        for (var at = haystack.IndexOf(needle); at >= 0; at = haystack.IndexOf(needle))
        {
            count++;
            haystack = haystack[(at + 1)..];
        }

        return count;
    }
}
