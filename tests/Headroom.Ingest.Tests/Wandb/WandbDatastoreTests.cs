using System.Globalization;

namespace Headroom.Ingest.Tests;

public sealed class WandbDatastoreTests
{
    private static readonly ReaderOptions _strict = new() { BadRecords = BadRecordPolicy.Strict };

    private static RunLog ReadFile(string path, ReaderOptions? options = null)
        => Assert.Single(new WandbReader().Read(path, options ?? ReaderOptions.Default));

    private static string Json(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>An HF Trainer run as WandbCallback logs it: rewrite_logs keys plus train/global_step, and W&amp;B's _step/_runtime/_timestamp.</summary>
    private static List<long> WriteHfRun(WandbDatastoreWriter writer, int rows)
    {
        var offsets = new List<long>
        {
            writer.Run("abc123", "huggingface", "sft-run", 1_700_000_000),
            writer.Config(("learning_rate", "2e-05"), ("per_device_train_batch_size", "8"), ("_name_or_path", "\"Qwen/Qwen2.5-0.5B\"")),
        };
        for (var i = 0; i < rows; i++)
        {
            var globalStep = 10 * (i + 1);
            offsets.Add(writer.History(
                i,
                ("train/loss", Json(2.0 / (i + 1))),
                ("train/learning_rate", Json(2e-5 * (rows - i) / rows)),
                ("train/epoch", Json(0.01 * (i + 1))),
                ("train/global_step", globalStep.ToString(CultureInfo.InvariantCulture)),
                ("_timestamp", Json(1_700_000_100.5 + i)),
                ("_runtime", Json(100.5 + i)),
                ("_step", i.ToString(CultureInfo.InvariantCulture))));
            offsets.Add(writer.Output($"{{'loss': {2.0 / (i + 1)}}}"));
        }

        return offsets;
    }

    [Fact]
    public void Reads_history_rows_written_in_the_python_sdk_datastore_layout()
    {
        // Given a datastore as wandb 0.15/0.16 (datastore.py) writes it for an HF Trainer run
        using var folder = new TempFolder();
        var file = folder.File("run-abc123.wandb");
        using (var writer = new WandbDatastoreWriter(file))
        {
            WriteHfRun(writer, 5);
            writer.Exit(0);
        }

        // When
        var run = ReadFile(file);

        // Then the step axis is train/global_step, _timestamp is the wall time, _step is not a series
        Assert.Equal("sft-run", run.Name);
        Assert.Equal(["_runtime", "train/epoch", "train/global_step", "train/learning_rate", "train/loss"], run.Series.Select(s => s.Key));
        var loss = run.Find("train/loss")!;
        Assert.Equal([10L, 20, 30, 40, 50], loss.Points.Select(p => p.Step));
        Assert.Equal([2.0, 1.0, 2.0 / 3, 0.5, 0.4], loss.Points.Select(p => p.Value));
        Assert.Equal(1_700_000_102.5, loss.Points[2].WallTime);
        Assert.Equal("abc123", run.Metadata["wandb.run_id"]);
        Assert.Equal("huggingface", run.Metadata["wandb.project"]);
        Assert.Equal("0", run.Metadata["wandb.exit_code"]);
        Assert.Equal("5", run.Metadata["history_rows"]);
        Assert.Equal(5, run.Skipped.Single(s => s.Reason == "record without training metrics (output_raw)").Count);
    }

    [Fact]
    public void Reassembles_records_split_into_first_middle_last_chunks_and_steps_over_block_padding()
    {
        // Given a 100 KB config record (FIRST, MIDDLE, MIDDLE, LAST) and enough rows to cross blocks at every remainder
        using var folder = new TempFolder();
        var file = folder.File("run-big.wandb");
        var bigValue = "\"" + new string('x', 100_000) + "\"";
        using (var writer = new WandbDatastoreWriter(file))
        {
            writer.Config(("notes", bigValue));
            for (var i = 0; i < 3000; i++)
            {
                writer.History(i, ("loss", Json(i * 0.5)), ("pad", "\"" + new string('p', i % 23) + "\""), ("_step", i.ToString(CultureInfo.InvariantCulture)));
            }
        }

        // When
        var run = ReadFile(file);

        // Then every row is there, in order, and nothing was lost
        Assert.True(new FileInfo(file).Length > 4 * WandbDatastore.BlockSize);
        var loss = run.Find("loss")!;
        Assert.Equal(3000, loss.Count);
        Assert.Equal(Enumerable.Range(0, 3000).Select(i => i * 0.5), loss.Points.Select(p => p.Value));
        Assert.Equal(100_000, run.Metadata["config.notes"].Length);
        Assert.Equal(3000, run.Skipped.Single(s => s.Reason == "history non-numeric value (string)").Count);
    }

    [Fact]
    public void Reading_with_a_16_byte_buffer_gives_the_same_run_as_the_default_buffer()
    {
        // Given
        using var folder = new TempFolder();
        var file = folder.File("run-abc123.wandb");
        using (var writer = new WandbDatastoreWriter(file))
        {
            WriteHfRun(writer, 400);
        }

        // When
        var small = ReadFile(file, new ReaderOptions { BufferSize = 16 });
        var large = ReadFile(file);

        // Then
        Assert.Equal(large.Series.Select(s => s.Key), small.Series.Select(s => s.Key));
        Assert.All(large.Series, s => Assert.Equal(s.Points, small.Find(s.Key)!.Points));
        Assert.Equal(400, large.Find("train/loss")!.Count);
    }

    [Fact]
    public void Truncated_datastore_keeps_every_record_before_the_cut_under_both_policies()
    {
        // Given a run still being written: the file ends inside its last history record
        using var folder = new TempFolder();
        var file = folder.File("run-live.wandb");
        List<long> offsets;
        using (var writer = new WandbDatastoreWriter(file))
        {
            offsets = WriteHfRun(writer, 3);
        }

        var bytes = File.ReadAllBytes(file);
        var lastHistory = offsets[^2];
        File.WriteAllBytes(file, bytes[..(int)(lastHistory + 20)]);

        foreach (var policy in new[] { BadRecordPolicy.Lenient, BadRecordPolicy.Strict })
        {
            // When
            var run = ReadFile(file, new ReaderOptions { BadRecords = policy });

            // Then the first two rows are kept and the cut is reported where the record starts
            Assert.Equal([10L, 20], run.Find("train/loss")!.Points.Select(p => p.Step));
            var truncated = run.Skipped.Single(s => s.Reason.StartsWith("truncated final record", StringComparison.Ordinal));
            Assert.Equal($"{file}: byte {lastHistory}", truncated.FirstLocation);
        }
    }

    [Fact]
    public void Strict_policy_names_the_file_and_offset_of_a_chunk_crc_mismatch()
    {
        // Given a flipped byte inside the second history record
        using var folder = new TempFolder();
        var file = folder.File("run-bad.wandb");
        List<long> offsets;
        using (var writer = new WandbDatastoreWriter(file))
        {
            offsets = WriteHfRun(writer, 3);
        }

        var bytes = File.ReadAllBytes(file);
        var corrupted = offsets[4];
        bytes[corrupted + 30] ^= 0x20;
        File.WriteAllBytes(file, bytes);

        // When
        var error = Assert.Throws<IngestException>(() => ReadFile(file, _strict));
        var lenient = ReadFile(file);

        // Then strict names the place; lenient loses only that record (its length still leads to the next chunk)
        Assert.Equal($"{file}: chunk CRC mismatch at byte {corrupted}; the file is corrupted there.", error.Message);
        Assert.Equal([10L, 30], lenient.Find("train/loss")!.Points.Select(p => p.Step));
        Assert.Equal($"{file}: byte {corrupted}", lenient.Skipped.Single(s => s.Reason.StartsWith("chunk CRC", StringComparison.Ordinal)).FirstLocation);
    }

    [Fact]
    public void Lenient_policy_recovers_at_the_next_block_after_a_corrupted_chunk_length()
    {
        // Given rows spread over several blocks and a corrupted chunk length in the first block
        using var folder = new TempFolder();
        var file = folder.File("run-bad.wandb");
        var offsets = new List<long>();
        using (var writer = new WandbDatastoreWriter(file))
        {
            for (var i = 0; i < 2000; i++)
            {
                offsets.Add(writer.History(i, ("loss", Json(i)), ("_step", i.ToString(CultureInfo.InvariantCulture))));
            }
        }

        var bytes = File.ReadAllBytes(file);
        bytes[offsets[10] + 4] ^= 0x1F;
        File.WriteAllBytes(file, bytes);

        // When
        var run = ReadFile(file);

        // Then rows 0-9 and every row starting in a later block are kept (LevelDB's recovery), the rest of the block is not
        var steps = run.Find("loss")!.Points.Select(p => p.Step).ToHashSet();
        Assert.All(Enumerable.Range(0, 10), i => Assert.Contains(i, steps));
        Assert.All(offsets.Select((o, i) => (o, i)).Where(x => x.o >= WandbDatastore.BlockSize), x => Assert.Contains(x.i, steps));
        Assert.DoesNotContain(10, steps);
        Assert.DoesNotContain(11, steps);
    }

    [Fact]
    public void Values_that_are_not_numbers_are_counted_and_nan_null_and_nested_keys_are_read()
    {
        // Given the value_json forms the SDK writes
        using var folder = new TempFolder();
        var file = folder.File("run-values.wandb");
        using (var writer = new WandbDatastoreWriter(file))
        {
            writer.History(
                0,
                ("train/grad_norm", "NaN"),
                ("eval/score", "null"),
                ("big", "Infinity"),
                ("weights", "{\"_type\": \"histogram\", \"values\": [1, 2], \"bins\": [0, 1, 2]}"),
                ("samples", "{\"_type\": \"table-file\", \"path\": \"media/table.json\"}"),
                ("note", "\"hello\""),
                ("flag", "true"),
                ("nested", "{\"a\": 1.5, \"b\": {\"c\": 2}}"),
                ("_step", "0"));
            writer.NestedHistory(1, ["perf", "mfu"], "0.42");
        }

        // When
        var run = ReadFile(file);

        // Then
        Assert.True(double.IsNaN(run.Find("train/grad_norm")!.Points[0].Value));
        Assert.True(double.IsNaN(run.Find("eval/score")!.Points[0].Value));
        Assert.Equal(double.PositiveInfinity, run.Find("big")!.Points[0].Value);
        Assert.Equal(1.5, run.Find("nested.a")!.Points[0].Value);
        Assert.Equal(2.0, run.Find("nested.b.c")!.Points[0].Value);
        Assert.Equal(0.42, run.Find("perf.mfu")!.Points[0].Value);
        var skipped = run.Skipped.ToDictionary(s => s.Reason, s => s.Count);
        Assert.Equal(1, skipped["history non-scalar value (histogram)"]);
        Assert.Equal(1, skipped["history non-scalar value (table-file)"]);
        Assert.Equal(1, skipped["history non-numeric value (string)"]);
        Assert.Equal(1, skipped["history non-numeric value (boolean)"]);
    }

    [Fact]
    public void Numbers_in_every_spelling_read_as_dotnet_parses_their_text()
    {
        // Given one row per spelling: what Python's json writes (shortest repr, exponents, subnormals, more than 19
        // digits, -0) and what it does not (spaces, a plus sign, a bare dot) that .NET still reads as a number
        string[] spellings =
        [
            "1.5", "-0", "0", "2", "9.999999900000001e-06", "1E+22", "1e23", "4.9e-324", "2.2250738585072011e-308",
            "123456789012345678901234567890", "0.1000000000000000055511151231257827", "1.7976931348623157e308", "-3.25e-5",
            " 2.5 ", "+7", ".5", "5.",
        ];
        using var folder = new TempFolder();
        var file = folder.File("run-numbers.wandb");
        using (var writer = new WandbDatastoreWriter(file))
        {
            for (var i = 0; i < spellings.Length; i++)
            {
                writer.History(i, ("x", spellings[i]), ("_step", i.ToString(CultureInfo.InvariantCulture)));
            }
        }

        // When
        var run = ReadFile(file);

        // Then each value is the double .NET parses from its text, to the bit
        var expected = spellings.Select(text => BitConverter.DoubleToInt64Bits(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)));
        Assert.Equal(expected, run.Find("x")!.Points.Select(p => BitConverter.DoubleToInt64Bits(p.Value)));
    }

    [Fact]
    public void Step_axis_is_train_global_step_then_eval_global_step_then_the_last_global_step_then_step()
    {
        // Given rows without a global step, then OpenRLHF-style train and eval rows, then a row without one
        using var folder = new TempFolder();
        var file = folder.File("run-axes.wandb");
        using (var writer = new WandbDatastoreWriter(file))
        {
            writer.History(0, ("warmup", "1"), ("_step", "0"));
            writer.History(1, ("train/loss", "0.9"), ("train/global_step", "100"), ("_step", "1"));
            writer.History(2, ("eval/eval gpt_loss", "0.8"), ("eval/global_step", "150"), ("_step", "2"));
            writer.History(3, ("extra", "7"), ("_step", "3"));
        }

        // When
        var run = ReadFile(file);

        // Then
        Assert.Equal(0, run.Find("warmup")!.Points[0].Step);
        Assert.Equal(100, run.Find("train/loss")!.Points[0].Step);
        Assert.Equal(150, run.Find("eval/eval gpt_loss")!.Points[0].Step);
        Assert.Equal(150, run.Find("extra")!.Points[0].Step);
    }

    [Fact]
    public void Empty_header_only_and_foreign_files_are_handled_by_policy()
    {
        // Given an empty file, a header-only file and a file that is not a datastore
        using var folder = new TempFolder();
        var empty = folder.File("run-empty.wandb");
        File.WriteAllBytes(empty, []);
        var headerOnly = folder.File("run-header.wandb");
        new WandbDatastoreWriter(headerOnly).Dispose();
        var foreign = folder.File("run-foreign.wandb");
        File.WriteAllText(foreign, "this is not a datastore at all, just text");

        // When / Then
        Assert.Equal("empty datastore", Assert.Single(ReadFile(empty).Skipped).Reason);
        Assert.Equal($"{empty}: the file is empty.", Assert.Throws<IngestException>(() => ReadFile(empty, _strict)).Message);
        var header = ReadFile(headerOnly, _strict);
        Assert.Empty(header.Series);
        Assert.Empty(header.Skipped);
        Assert.StartsWith($"{foreign}: byte 0: not a W&B datastore", Assert.Throws<IngestException>(() => ReadFile(foreign, _strict)).Message);
        Assert.Contains(ReadFile(foreign).Skipped, s => s.Reason.StartsWith("file header", StringComparison.Ordinal));
    }
}
