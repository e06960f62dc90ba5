using Headroom.Ingest.Tests.Data;

namespace Headroom.Ingest.Tests.Follow;

public sealed class LogFollowerTests : IDisposable
{
    private readonly TempFolder _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void A_json_lines_log_gives_only_its_complete_appended_lines_reading_only_the_new_bytes()
    {
        // Given LLaMA-Factory's trainer_log.jsonl with 40 evaluations written
        var log = _files.File("run", "trainer_log.jsonl");
        var writer = new LlamaFactoryLogCallback(totalSteps: 4200);
        var written = Enumerable.Range(1, 40).Select(i => (Step: 100L * i, Loss: 1.0 - (i / 100.0))).ToArray();
        foreach (var (step, loss) in written)
        {
            writer.OnLog((int)step, new() { ["eval_loss"] = loss }, step);
        }

        File.WriteAllText(log, writer.Text);
        var follower = new LogFollower(Path.GetDirectoryName(log)!);

        // When it is polled, then a line is half written, then finished with one more after it
        var first = follower.Poll();
        writer.OnLog(4100, new() { ["eval_loss"] = 0.55 }, 4100);
        writer.OnLog(4200, new() { ["eval_loss"] = 0.54 }, 4200);
        var appended = writer.Text[(int)new FileInfo(log).Length..];
        File.AppendAllText(log, appended[..20]);
        var half = follower.Poll();
        File.AppendAllText(log, appended[20..]);
        var rest = follower.Poll();

        // Then each poll gives exactly the new evaluations, the half line none, and reads about the new bytes only
        Assert.Equal(written, ValLoss(first));
        Assert.Empty(ValLoss(half));
        Assert.Equal([(4100L, 0.55), (4200L, 0.54)], ValLoss(rest));
        Assert.Equal([], first.Notes.Concat(half.Notes).Concat(rest.Notes).ToArray());
        Assert.InRange(rest.BytesRead, appended.Length - 20, 2 * appended.Length);
    }

    [Fact]
    public void A_json_lines_log_rewritten_shorter_is_read_again_from_its_start_and_the_poll_says_so()
    {
        // Given a followed log of three evaluations
        var log = _files.File("run", "trainer_log.jsonl");
        var writer = new LlamaFactoryLogCallback(totalSteps: 300);
        foreach (var step in new[] { 100, 200, 300 })
        {
            writer.OnLog(step, new() { ["eval_loss"] = 1.0 - (step / 1000.0) }, step);
        }

        File.WriteAllText(log, writer.Text);
        var follower = new LogFollower(log);
        follower.Poll();

        // When a restarted run rewrites it with one evaluation
        var restarted = new LlamaFactoryLogCallback(totalSteps: 300);
        restarted.OnLog(100, new() { ["eval_loss"] = 0.5 }, 10);
        File.WriteAllText(log, restarted.Text);
        var update = follower.Poll();

        // Then the new content is read from the start and the rewrite is named
        Assert.Equal([(100L, 0.5)], ValLoss(update));
        Assert.Contains(update.Notes, note => note.Contains("was rewritten", StringComparison.Ordinal) && note.Contains(log, StringComparison.Ordinal));
    }

    [Fact]
    public void A_tensorboard_event_file_gives_its_appended_records_and_waits_for_a_record_cut_short()
    {
        // Given an event file with one evaluation
        var file = _files.File("run", "runs", "events.out.tfevents.1700000000.host.1.0");
        var stream = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
        var writer = new TfEventWriter(stream);
        writer.AddScalar("eval/loss", 0.9f, 100, 1_700_000_100);
        stream.Flush();
        var follower = new LogFollower(Path.Combine(_files.Path, "run"));
        var first = follower.Poll();

        // When a record is written in two halves, with a poll between them
        var record = TfEventWriter.Frame(new ProtoWriter().Double(1, 1_700_000_200).Varint(2, 200UL).Message(5, s => s.Message(1, v => v.String(1, "eval/loss").Float(2, 0.8f))).ToArray());
        stream.Write(record, 0, 10);
        stream.Flush();
        var half = follower.Poll();
        stream.Write(record, 10, record.Length - 10);
        stream.Flush();
        var rest = follower.Poll();
        writer.Dispose();

        // Then the cut record is neither read nor counted as bad until it is whole
        Assert.Equal([(100L, (double)0.9f)], ValLoss(first));
        Assert.Empty(ValLoss(half));
        Assert.Empty(half.Runs.SelectMany(r => r.Skipped));
        Assert.Equal([(200L, (double)0.8f)], ValLoss(rest));
        Assert.Equal(record.Length, rest.BytesRead); // the cut record is read again whole, nothing else
    }

    [Fact]
    public void A_checkpoint_state_caught_mid_write_is_noted_and_read_once_it_is_whole()
    {
        // Given an HF run with checkpoint-100 written and checkpoint-200 half written
        var run = Path.Combine(_files.Path, "run");
        var trainer = new HfTrainerSimulation(HfTrainerSimulation.Version.V4_46, evalSteps: 100, maxSteps: 300);
        trainer.RunSft(100);
        File.WriteAllText(_files.File("run", "checkpoint-100", "trainer_state.json"), PythonJson.Dumps(trainer.State(), indent: 2, sortKeys: true));
        trainer.RunSft(200);
        var whole = PythonJson.Dumps(trainer.State(), indent: 2, sortKeys: true);
        var second = _files.File("run", "checkpoint-200", "trainer_state.json");
        File.WriteAllText(second, whole[..(whole.Length / 2)]);
        var follower = new LogFollower(run);

        // When it is polled, then the checkpoint is finished, then training ends (the run's own state is written)
        var first = follower.Poll();
        File.WriteAllText(second, whole);
        var next = follower.Poll();
        var endedBefore = follower.TrainingEnded;
        trainer.RunSft(300);
        File.WriteAllText(Path.Combine(run, "trainer_state.json"), PythonJson.Dumps(trainer.State(), indent: 2, sortKeys: true));
        var last = follower.Poll();

        // Then the half-written state is a note (no points, nothing counted), read whole on the next poll
        Assert.Equal([(100L, HfTrainerSimulation.EvalLoss(100))], ValLoss(first));
        Assert.Contains(first.Notes, note => note.Contains(second, StringComparison.Ordinal) && note.Contains("incomplete or damaged", StringComparison.Ordinal));
        Assert.Equal([(100L, HfTrainerSimulation.EvalLoss(100)), (200L, HfTrainerSimulation.EvalLoss(200))], ValLoss(next));
        Assert.Empty(next.Notes);
        Assert.False(endedBefore);
        Assert.Contains((300L, HfTrainerSimulation.EvalLoss(300)), ValLoss(last));
        Assert.True(follower.TrainingEnded);
    }

    [Fact]
    public void A_follower_told_to_keep_one_series_holds_only_that_one_and_still_reads_a_file_without_it()
    {
        // Given an HF run whose checkpoint holds train loss, eval loss, learning rate..., and a log with no eval loss
        var run = Path.Combine(_files.Path, "run");
        var trainer = new HfTrainerSimulation(HfTrainerSimulation.Version.V4_46, evalSteps: 100, maxSteps: 300);
        trainer.RunSft(200);
        File.WriteAllText(_files.File("run", "checkpoint-200", "trainer_state.json"), PythonJson.Dumps(trainer.State(), indent: 2, sortKeys: true));
        var onlyTrain = new LlamaFactoryLogCallback(totalSteps: 300);
        onlyTrain.OnLog(10, new() { ["loss"] = 1.5 }, 5);
        File.WriteAllText(_files.File("run", "trainer_log.jsonl"), onlyTrain.Text);
        var asked = new List<string>();
        var follower = new LogFollower(run, ReaderOptions.Default with
        {
            KeepSeries = (format, key) =>
            {
                asked.Add($"{format} {key}");
                return key == "eval_loss";
            },
        });

        // When
        var update = follower.Poll();

        // Then only eval_loss is held, each key was asked about once per file, and neither file is a damaged one
        Assert.Equal(["eval_loss"], update.Runs.SelectMany(r => r.Series).Select(s => s.Key).Distinct());
        Assert.Equal([(100L, HfTrainerSimulation.EvalLoss(100)), (200L, HfTrainerSimulation.EvalLoss(200))], ValLoss(update));
        Assert.Equal(asked.Count, asked.Distinct().Count());
        Assert.Contains("llamafactory_log loss", asked);
        Assert.Empty(update.Notes);
    }

    [Fact]
    public void A_missing_path_is_an_error_naming_it()
    {
        var missing = Path.Combine(_files.Path, "nothing-here");
        var error = Assert.Throws<IngestException>(() => new LogFollower(missing).Poll());
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    private static (long Step, double Loss)[] ValLoss(FollowUpdate update)
        => [.. update.Runs.SelectMany(r => r.WithCanonical(CanonicalSeries.SftValLoss)).SelectMany(s => s.Points).Select(p => (p.Step, p.Value))];
}
