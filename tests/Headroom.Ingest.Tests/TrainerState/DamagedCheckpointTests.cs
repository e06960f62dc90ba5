using Headroom.Ingest.Tests.Data;

namespace Headroom.Ingest.Tests.TrainerState;

/// <summary>
/// Issue 9: in an HF run folder with intact `checkpoint-300/` and `checkpoint-600/`, the newest state
/// (`checkpoint-692/`, the one a crash leaves half-written) is damaged. It costs only itself: the run is read from
/// the others (and from the damaged one up to its break), the damage is reported with file and position, and the
/// strict policy stops at it.
/// </summary>
public sealed class DamagedCheckpointTests
{
    private static string RunFolder(TempFolder temp, Func<string, string> damage)
    {
        var sim = new HfTrainerSimulation(HfTrainerSimulation.Version.V4_46, maxSteps: 692);
        sim.RunSft(300);
        temp.Write("run/checkpoint-300/trainer_state.json", sim.SaveToJson());
        sim.RunSft(600);
        temp.Write("run/checkpoint-600/trainer_state.json", sim.SaveToJson());
        sim.RunSft(692);
        temp.Write("run/checkpoint-692/trainer_state.json", damage(sim.SaveToJson()));
        return temp.Combine("run");
    }

    private static string CutBefore(string text, string marker) => text[..text.IndexOf(marker, StringComparison.Ordinal)];

    [Theory]
    [InlineData("empty", "the file is empty")]
    [InlineData("cut before log_history", "the JSON breaks off")]
    public void A_newest_checkpoint_that_is_empty_or_cut_before_its_history_is_skipped_and_named(string damage, string detail)
    {
        // Given
        using var temp = new TempFolder();
        var folder = RunFolder(temp, text => damage == "empty" ? string.Empty : CutBefore(text, "\"log_history\"") + "\"log_hist");

        // When
        var run = Assert.Single(LogIngest.Read([folder]).Runs);

        // Then the run is checkpoint-600's: every train log to 600, evals included
        var loss = run.Find("loss")!;
        Assert.Equal(600, loss.Points[^1].Step);
        Assert.Equal(600 / 10, loss.Count);
        Assert.Equal(HfTrainerSimulation.TrainLoss(600), loss.Points[^1].Value);
        var skipped = Assert.Single(run.Skipped);
        Assert.Equal(Path.Combine(folder, "checkpoint-692", "trainer_state.json"), skipped.FirstLocation);
        Assert.Contains($"checkpoint-692/trainer_state.json: ", skipped.Reason, StringComparison.Ordinal);
        Assert.Contains(detail, skipped.Reason, StringComparison.Ordinal);
        Assert.Equal("1", run.Metadata["damaged_files"]);
        Assert.Equal("300, 600", run.Metadata["checkpoints"]);
    }

    [Fact]
    public void A_newest_checkpoint_cut_inside_its_history_gives_every_entry_before_the_cut()
    {
        // Given checkpoint-692 cut inside the entry of step 650
        using var temp = new TempFolder();
        var folder = RunFolder(temp, text => CutBefore(text, "\"step\": 650"));

        // When
        var run = Assert.Single(LogIngest.Read([folder]).Runs);

        // Then steps to 640 come from the cut file, and the cut is counted where it is
        var loss = run.Find("loss")!;
        Assert.Equal(640, loss.Points[^1].Step);
        Assert.Equal(64, loss.Count);
        var skipped = Assert.Single(run.Skipped);
        Assert.Equal("truncated or malformed JSON: the rest of the file was not read", skipped.Reason);
        Assert.StartsWith(Path.Combine(folder, "checkpoint-692", "trainer_state.json") + ": line ", skipped.FirstLocation, StringComparison.Ordinal);
    }

    [Fact]
    public void Under_the_strict_policy_the_damaged_checkpoint_stops_the_read_with_its_position()
    {
        // Given
        using var temp = new TempFolder();
        var folder = RunFolder(temp, text => CutBefore(text, "\"step\": 650"));

        // When
        var error = Assert.Throws<IngestException>(() => LogIngest.Read([folder], ReaderOptions.Default with { BadRecords = BadRecordPolicy.Strict }));

        // Then
        Assert.StartsWith(Path.Combine(folder, "checkpoint-692", "trainer_state.json") + ": line ", error.Message, StringComparison.Ordinal);
        Assert.Contains("the JSON breaks off", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_checkpoint_cut_just_after_a_whole_history_entry_is_a_cut_file_not_a_complete_one()
    {
        // Given checkpoint-692 cut right after the entry of step 640 closes (its "}," the last bytes written)
        using var temp = new TempFolder();
        var folder = RunFolder(temp, text =>
        {
            var entry = CutBefore(text, "\"step\": 650");
            return entry[..(entry.LastIndexOf('}') + 2)];
        });

        // When it is read under both policies
        var run = Assert.Single(LogIngest.Read([folder]).Runs);
        var error = Assert.Throws<IngestException>(() => LogIngest.Read([folder], ReaderOptions.Default with { BadRecords = BadRecordPolicy.Strict }));

        // Then the lenient read keeps steps to 640 and counts the cut; the strict one stops at it
        Assert.Equal(640, run.Find("loss")!.Points[^1].Step);
        Assert.Equal("truncated or malformed JSON: the rest of the file was not read", Assert.Single(run.Skipped).Reason);
        Assert.Contains("the JSON breaks off", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trainer_state_json_without_log_history_is_reported_as_not_an_HF_state()
    {
        // Given a JSON object under the HF name that is something else
        using var temp = new TempFolder();
        var file = temp.Write("trainer_state.json", "{\"model\": \"qwen\", \"step\": 10}\n");

        // When
        var error = Assert.Throws<IngestException>(() => LogIngest.Read([file]));

        // Then
        Assert.Equal($"{file}: not a Hugging Face trainer state: the JSON object has no \"log_history\" (its keys: 'model', 'step').", error.Message);
    }

    [Fact]
    public void A_folder_whose_every_log_fails_is_an_error_naming_the_first_failure_and_the_count()
    {
        // Given two logs, both unreadable
        using var temp = new TempFolder();
        temp.Write("a/verl.jsonl", "{\"step\": 1, \"data\": {\"x\": 1\n");
        temp.Write("b/trainer_log.jsonl", "\0\0\0");

        // When
        var error = Assert.Throws<IngestException>(() => LogIngest.Read([temp.Path]));

        // Then
        Assert.StartsWith("nothing readable in the paths given: all 2 logs failed; the first: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(temp.Combine("a/verl.jsonl"), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a NUL byte inside its history", 0x00, "binary data")]
    [InlineData("invalid UTF-8 inside its history", 0xFF, "invalid UTF-8")]
    public void The_tidy_table_reads_a_damaged_newest_checkpoint_as_the_summary_does(string damage, byte bad, string reported)
    {
        // Given checkpoint-692 with a NUL byte (binary: the file is skipped) or a byte that is not UTF-8 (a counted
        // fault) in a string of the entry of step 650 (the table reads the folder twice: the text checks of the first
        // reading serve the second)
        using var temp = new TempFolder();
        var folder = RunFolder(temp, text => text.Replace("\"step\": 650", "\"note\": \"x~x\",\n      \"step\": 650", StringComparison.Ordinal));
        var file = Path.Combine(folder, "checkpoint-692", "trainer_state.json");
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.AsSpan().IndexOf("x~x"u8) + 1] = bad;
        File.WriteAllBytes(file, bytes);

        // When
        var summary = Assert.Single(LogIngest.Summarise([folder]).Runs);
        var table = temp.File("table.csv");
        var written = TidyTable.Write([folder], table);

        // Then the table holds the points the summary counted, with the same skips
        var rows = File.ReadAllLines(table).Length - 1;
        Assert.Equal(summary.Series.Sum(s => s.Count), rows);
        Assert.Equal(rows, written.Rows);
        Assert.Equal(summary.Skipped.Select(s => (s.Reason, s.Count, s.FirstLocation)), Assert.Single(written.Runs).Skipped.Select(s => (s.Reason, s.Count, s.FirstLocation)));
        Assert.Contains(summary.Skipped, s => s.Reason.Contains(reported, StringComparison.Ordinal));
        Assert.Equal(damage.StartsWith("a NUL", StringComparison.Ordinal) ? 600 : 690, summary.Series.Single(s => s.Key == "loss").LastStep);
    }
}
