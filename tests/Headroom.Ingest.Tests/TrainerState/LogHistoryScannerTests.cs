using Headroom.Ingest.Tests.Data;

namespace Headroom.Ingest.Tests.TrainerState;

/// <summary>
/// Issue 9: a large `trainer_state.json` has its `log_history` read by hand, forward through a buffer. Forced to tiny
/// buffers (so a small file is cut and read again hundreds of times), the result must be the one the System.Text.Json
/// stream reader gives (the reference: buffer 0): the same series to the bit, metadata, skipped records with their
/// positions, and the same errors at the same line and byte, whatever the damage and wherever the cut.
/// </summary>
public sealed class LogHistoryScannerTests
{
    private static readonly ReaderOptions _sequential = ReaderOptions.Default with { TrainerStateHistoryBuffer = 0 };

    /// <summary>The history read by one scan with a buffer of <paramref name="bytes"/> (pieces too large to cut it).</summary>
    private static ReaderOptions Scanned(int bytes) => ReaderOptions.Default with { TrainerStateHistoryBuffer = bytes, TrainerStateHistoryChunk = 1 << 30 };

    /// <summary>The history read in pieces of <paramref name="chunk"/> bytes by <paramref name="threads"/> threads.</summary>
    private static ReaderOptions Chunked(int chunk, int threads)
        => ReaderOptions.Default with { TrainerStateHistoryChunk = chunk, TrainerStateHistoryThreads = threads };

    /// <summary>A state as HF writes it (indent=2, sorted keys) whose entries take every shape a value can have.</summary>
    private static string AwkwardState(int entries)
    {
        var random = new Random(11);
        var history = new List<object?>();
        for (var step = 1; step <= entries; step++)
        {
            var entry = new Dictionary<string, object?>
            {
                ["epoch"] = step / 40.0,
                ["loss"] = step % 17 == 0 ? double.NaN : 2 - (random.NextDouble() * (1 + (step / 100.0))),
                ["grad_norm"] = step % 23 == 0 ? double.PositiveInfinity : step % 29 == 0 ? double.NegativeInfinity : random.NextDouble() * 1e-7,
                ["learning_rate"] = 5e-5 * (1 - (step / (double)entries)),
                ["step"] = step,
            };
            switch (step % 9)
            {
                case 1:
                    entry["note"] = "a } b { c [ d ] \" e \\ f }, { \"step\": 1 }";
                    break;
                case 2:
                    entry["eval_loss"] = null;
                    break;
                case 3:
                    entry["rewards/margins"] = "0.25";
                    entry["flag"] = true;
                    break;
                case 4:
                    entry["nested"] = new Dictionary<string, object?> { ["a"] = new List<object?> { 1, "}", new Dictionary<string, object?> { ["b"] = "{" } } };
                    break;
                case 5:
                    entry["caf\u00e9_loss"] = 1e-300 * step;
                    entry["big"] = 123456789012345678901234567890.0;
                    break;
                case 6:
                    entry.Remove("step");
                    break;
                case 7:
                    entry["step"] = step + 0.0;
                    entry["total_flos"] = 0;
                    break;
            }

            history.Add(entry);
        }

        return PythonJson.Dumps(
            new Dictionary<string, object?>
            {
                ["best_metric"] = double.NaN,
                ["best_model_checkpoint"] = "out/checkpoint-{5}",
                ["global_step"] = entries,
                ["log_history"] = history,
                ["logging_steps"] = 1,
                ["stateful_callbacks"] = new Dictionary<string, object?> { ["TrainerControl"] = new Dictionary<string, object?> { ["should_stop"] = false } },
                ["total_flos"] = 1.5e18,
            },
            indent: 2,
            sortKeys: true);
    }

    /// <summary>Everything a read gives, as text: series to the bit, metadata, skipped records, or the error.</summary>
    private static string Outcome(string path, ReaderOptions options)
    {
        try
        {
            return RunText.Of(Assert.Single(new TrainerStateReader().Read(path, options)));
        }
        catch (IngestException error)
        {
            return $"error: {error.Message}";
        }
    }

    [Theory]
    [InlineData(64)]
    [InlineData(700)]
    [InlineData(1 << 20)]
    public void The_history_read_by_hand_equals_the_stream_read(int bufferBytes)
    {
        // Given a state of 400 entries of every shape: NaN/Infinity bare, null, numeric strings, booleans, nested
        // values, escaped keys, strings holding braces, quotes and escapes (a "}, {" inside a string included)
        using var temp = new TempFolder();
        var file = temp.Write("trainer_state.json", AwkwardState(400));

        // When
        var scanned = Outcome(file, Scanned(bufferBytes));
        var reference = Outcome(file, _sequential);

        // Then the same to the bit, and the content is what was written (not two equal wrong answers)
        Assert.Equal(reference, scanned);
        var run = Assert.Single(new TrainerStateReader().Read(file, Scanned(bufferBytes)));
        // (the 44 entries without a step take the one before theirs, and the later value of a step wins)
        Assert.Equal(400 - 44, run.Find("epoch")!.Count);
        Assert.Equal(10.0, run.Find("epoch")!.Points[^1].Value);
        Assert.Equal(0.25, run.Find("rewards/margins")!.Points[0].Value);
        Assert.Equal(3, run.Find("rewards/margins")!.Points[0].Step);
        Assert.Equal(1e-300 * 5, run.Find("caf\u00e9_loss")!.Points[0].Value);
        Assert.Equal(123456789012345678901234567890.0, run.Find("big")!.Points[0].Value);
        Assert.Contains(run.Skipped, s => s.Reason == "null value of 'eval_loss'" && s.Count == 45);
        Assert.Contains(run.Skipped, s => s.Reason == "non-numeric value of 'note'" && s.Count == 45);
        Assert.Contains(run.Skipped, s => s.Reason == "non-numeric value of 'nested'" && s.Count == 45);
    }

    [Fact]
    public void A_damaged_entry_after_many_buffers_is_reported_at_its_line_and_byte_and_the_entries_before_it_are_kept()
    {
        // Given entry 300 of 400 missing its colon after "step"
        using var temp = new TempFolder();
        var text = AwkwardState(400).Replace("\"step\": 300\n", "\"step\" 300\n", StringComparison.Ordinal);
        var file = temp.Write("trainer_state.json", text);
        var at = text.IndexOf("\"step\" 300", StringComparison.Ordinal) + "\"step\" ".Length;
        var line = text[..at].Count(c => c == '\n') + 1;
        var byteInLine = at - text.LastIndexOf('\n', at);

        // When
        var scanned = Outcome(file, Scanned(256));
        var strict = Outcome(file, Scanned(256) with { BadRecords = BadRecordPolicy.Strict });

        // Then: the entries before it are kept, the break is counted at its line, and the strict error names the byte
        Assert.Equal(Outcome(file, _sequential), scanned);
        Assert.Equal(Outcome(file, _sequential with { BadRecords = BadRecordPolicy.Strict }), strict);
        Assert.Contains($"skipped 1 x truncated or malformed JSON: the rest of the file was not read at {file}: line {line}", scanned, StringComparison.Ordinal);
        Assert.Contains($"line {line}: the JSON breaks off or is malformed at byte {byteInLine} of the line", strict, StringComparison.Ordinal);
        Assert.Contains("299 log_history entries came before it", strict, StringComparison.Ordinal);
        var run = Assert.Single(new TrainerStateReader().Read(file, Scanned(256)));
        Assert.Equal(299 - 33, run.Find("epoch")!.Count);
    }

    [Fact]
    public void A_file_cut_anywhere_reads_and_fails_as_the_single_stream_read_does()
    {
        // Given one state cut at every 13th byte, from before its history to after its end
        using var temp = new TempFolder();
        var text = AwkwardState(40);
        var file = temp.File("trainer_state.json");

        for (var cut = 1; cut < text.Length; cut += 13)
        {
            // When
            File.WriteAllText(file, text[..cut]);

            // Then
            Assert.Equal(Outcome(file, _sequential), Outcome(file, Scanned(96)));
        }
    }

    [Theory]
    [InlineData("\"global_step\": 2, \"x\": tru}")]
    [InlineData("\"global_step\": 2 \"x\": 1}")]
    [InlineData("\"global_step\": 2, \"x\": [1, 2}")]
    [InlineData("\"global_step\": 2, \"log_history\": [{\"step\": 3, \"loss\": 1}]}")]
    public void On_one_line_an_error_after_the_history_is_at_the_same_byte(string tail)
    {
        // Given compact JSON, all on one line (the reader takes up the file again in the line it left)
        using var temp = new TempFolder();
        var file = temp.Write("trainer_state.json", "\uFEFF{\"best_metric\": 0.5, \"log_history\": [{\"step\": 1, \"loss\": 0.5}, {\"step\": 2, \"loss\": 0.25}], " + tail);

        // When
        var scanned = Outcome(file, Scanned(16) with { BadRecords = BadRecordPolicy.Strict });

        // Then
        Assert.Equal(Outcome(file, _sequential with { BadRecords = BadRecordPolicy.Strict }), scanned);
    }

    [Fact]
    public void On_a_line_with_bare_NaN_and_Infinity_an_error_after_the_history_is_at_its_byte_in_the_file()
    {
        // Given compact JSON whose line holds a bare NaN before the history and an Infinity in it (the stream reader
        // quotes each literal to parse it, so its byte counts two more per literal before the error)
        using var temp = new TempFolder();
        var text = "{\"best_metric\": NaN, \"log_history\": [{\"step\": 1, \"loss\": Infinity}], \"x\": tru}";
        var file = temp.Write("trainer_state.json", text);

        // When
        var scanned = Outcome(file, Scanned(16) with { BadRecords = BadRecordPolicy.Strict });
        var reference = Outcome(file, _sequential with { BadRecords = BadRecordPolicy.Strict });

        // Then the scanned read names the byte in the file where the parser stopped (the "}" that breaks "tru"); the
        // stream reader the same plus 2 for each literal before it
        var at = text.IndexOf("tru}", StringComparison.Ordinal) + 4;
        Assert.Contains($"line 1: the JSON breaks off or is malformed at byte {at} of the line", scanned, StringComparison.Ordinal);
        Assert.Equal(reference.Replace($"at byte {at + 4} of", $"at byte {at} of", StringComparison.Ordinal), scanned);
    }

    [Theory]
    [InlineData("{\"log_history\": [1, {\"step\": 1, \"loss\": 2}]}")]
    [InlineData("{\"log_history\": [{\"step\": 1, \"loss\": 2},]}")]
    [InlineData("{\"log_history\": [{\"step\": 1, \"loss\": 2} {\"step\": 2, \"loss\": 2}]}")]
    [InlineData("{\"log_history\": [{\"step\": 1, \"loss\": 01}]}")]
    [InlineData("{\"log_history\": [{\"step\": 1, \"loss\": -NaN}]}")]
    [InlineData("{\"log_history\": [{\"step\": 1, \"lo\tss\": 2}]}")]
    [InlineData("{\"log_history\": [{\"step\": 1, \"loss\": 2,}]}")]
    [InlineData("{\"log_history\": []}")]
    [InlineData("{\"log_history\": [{}]}")]
    [InlineData("{\"log_history\": [{\"step\": 1, \"loss\": 2}], \"log_history\": [{\"step\": 2, \"loss\": 3}]}")]
    public void Malformed_or_odd_histories_read_as_the_single_stream_read_does(string json)
    {
        // Given
        using var temp = new TempFolder();
        var file = temp.Write("trainer_state.json", json);

        // When / Then, under both policies
        Assert.Equal(Outcome(file, _sequential), Outcome(file, Scanned(8)));
        Assert.Equal(Outcome(file, _sequential with { BadRecords = BadRecordPolicy.Strict }), Outcome(file, Scanned(8) with { BadRecords = BadRecordPolicy.Strict }));
    }

    [Theory]
    [InlineData(8, 1)]
    [InlineData(8, 2)]
    [InlineData(64, 1)]
    [InlineData(64, 2)]
    [InlineData(64, 4)]
    [InlineData(300, 3)]
    [InlineData(4096, 2)]
    public void The_history_read_in_pieces_equals_the_stream_read_whatever_the_threads(int chunk, int threads)
    {
        // Given a state of 400 entries of every shape (strings holding "}, {" make some guessed starts wrong)
        using var temp = new TempFolder();
        var file = temp.Write("trainer_state.json", AwkwardState(400));

        // When
        var chunked = Outcome(file, Chunked(chunk, threads));

        // Then the same to the bit as the stream read and the one-thread scan
        Assert.Equal(Outcome(file, _sequential), chunked);
        Assert.Equal(Outcome(file, Scanned(1 << 20)), chunked);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(1000)]
    public void A_state_as_HF_writes_it_reads_the_same_in_pieces_whatever_the_threads(int chunk)
    {
        // Given a flat history as HF writes it (indent=2), an evaluation every 50 steps
        using var temp = new TempFolder();
        var file = temp.Write("trainer_state.json", HfState(3000));

        // When
        var one = Outcome(file, Scanned(1 << 20));

        // Then
        Assert.Equal(Outcome(file, _sequential), one);
        foreach (var threads in new[] { 1, 2, 3, 4 })
        {
            Assert.Equal(one, Outcome(file, Chunked(chunk, threads)));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Pieces_read_the_file_about_once_not_their_pooled_buffers_whole(int threads)
    {
        // Given a 3 MB state as HF writes it, read in pieces of 64 KiB (each with 256 bytes looked back and 16 KiB of
        // slack: 82,176 bytes of buffer, which a pool rounds up to 128 KiB)
        using var temp = new TempFolder();
        var file = temp.Write("trainer_state.json", HfState(20_000));
        var bytes = File.ReadAllBytes(file);
        var history = bytes.AsSpan().IndexOf("\"log_history\": ["u8) + "\"log_history\": ["u8.Length;
        const int PieceBytes = 1 << 16;
        long read = 0;
        var entries = 0;

        // When
        ChunkedLogHistory.Read(
            (offset, destination) =>
            {
                var count = (int)Math.Min(destination.Length, bytes.Length - offset);
                bytes.AsSpan((int)offset, count).CopyTo(destination);
                Interlocked.Add(ref read, count);
                return count;
            },
            bytes.Length, history, 7, 17, PieceBytes, threads - 1, key => key.Length, _ => entries++);

        // Then every entry is read, and no piece reads more than its buffer's 82,176 bytes
        var pieces = (bytes.Length - history + PieceBytes - 1) / PieceBytes;
        Assert.Equal(20_000, entries);
        Assert.InRange(read, bytes.Length - history, (long)pieces * (PieceBytes + 256 + (16 << 10)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_damaged_entry_read_in_pieces_is_reported_at_its_line_and_byte_as_the_stream_read_does(bool strict)
    {
        // Given entry 300 of 400 missing its colon after "step", and entry 350 cut by a stray byte
        using var temp = new TempFolder();
        var text = AwkwardState(400).Replace("\"step\": 300\n", "\"step\" 300\n", StringComparison.Ordinal);
        var file = temp.Write("trainer_state.json", text);
        var policy = strict ? BadRecordPolicy.Strict : BadRecordPolicy.Lenient;

        // When / Then
        var reference = Outcome(file, _sequential with { BadRecords = policy });
        Assert.Contains(strict ? "line " : "truncated or malformed JSON", reference, StringComparison.Ordinal);
        foreach (var (chunk, threads) in new[] { (64, 1), (64, 2), (256, 3), (2048, 2) })
        {
            Assert.Equal(reference, Outcome(file, Chunked(chunk, threads) with { BadRecords = policy }));
        }
    }

    [Fact]
    public void A_file_cut_anywhere_reads_in_pieces_as_the_single_stream_read_does()
    {
        // Given one state cut at every 7th byte, from before its history to after its end
        using var temp = new TempFolder();
        var text = AwkwardState(40);
        var file = temp.File("trainer_state.json");

        for (var cut = 1; cut < text.Length; cut += 7)
        {
            // When
            File.WriteAllText(file, text[..cut]);

            // Then
            Assert.Equal(Outcome(file, _sequential), Outcome(file, Chunked(48, 2)));
            Assert.Equal(Outcome(file, _sequential), Outcome(file, Chunked(48, 1)));
        }
    }

    [Theory]
    [InlineData("{\"log_history\": [1, {\"step\": 1, \"loss\": 2}, {\"step\": 2, \"loss\": 3}, {\"step\": 3, \"loss\": 4}]}")]
    [InlineData("{\"log_history\": [{\"step\": 1, \"loss\": 2}, {\"step\": 2, \"loss\": 3}, {\"step\": 3, \"loss\": 4},]}")]
    [InlineData("{\"log_history\": [{\"step\": 1, \"loss\": 2}, {\"step\": 2, \"loss\": 3} {\"step\": 3, \"loss\": 4}]}")]
    [InlineData("{\"log_history\": [{\"step\": 1, \"loss\": 2}, {\"step\": 2, \"loss\": 3}, {\"step\": 3, \"loss\": 01}]}")]
    [InlineData("{\"log_history\": [{\"step\": 1, \"loss\": 2}, {\"step\": 2, \"x\": \"}, {\"}, {\"step\": 3, \"loss\": 4}], \"z\": 1}")]
    [InlineData("{\"log_history\": [{\"step\": 1, \"loss\": 2}, {\"step\": 2, \"loss\": 3}, {\"step\": 3, \"loss\": 4}], \"log_history\": [{\"step\": 4, \"loss\": 3}]}")]
    [InlineData("{\"log_history\": [{\"step\": 1, \"loss\": 2}, {\"step\": 2, \"loss\": 3}, {\"step\": 3, \"loss\": 4}], \"after\": [{\"a\": 1}, {\"b\": 2}, {\"c\": tru}]}")]
    public void Malformed_or_odd_histories_read_in_pieces_as_the_single_stream_read_does(string json)
    {
        // Given
        using var temp = new TempFolder();
        var file = temp.Write("trainer_state.json", json);

        // When / Then, under both policies and with pieces of every small size
        foreach (var chunk in new[] { 4, 8, 13, 30 })
        {
            Assert.Equal(Outcome(file, _sequential), Outcome(file, Chunked(chunk, 1)));
            Assert.Equal(Outcome(file, _sequential), Outcome(file, Chunked(chunk, 2)));
            Assert.Equal(Outcome(file, _sequential with { BadRecords = BadRecordPolicy.Strict }), Outcome(file, Chunked(chunk, 3) with { BadRecords = BadRecordPolicy.Strict }));
        }
    }

    [Fact]
    public void Every_real_trainer_state_reads_the_same_in_pieces_whatever_the_threads()
    {
        // Given every trainer_state.json in ../shared/realworld
        var files = Directory.EnumerateFiles(SharedData.RequireFolder("realworld"), "trainer_state.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);

        foreach (var file in files)
        {
            // When / Then
            var reference = Outcome(file, Scanned(1 << 20));
            Assert.Equal(Outcome(file, _sequential), reference);
            Assert.Equal(reference, Outcome(file, Chunked(512, 1)));
            Assert.Equal(reference, Outcome(file, Chunked(512, 2)));
            Assert.Equal(reference, Outcome(file, Chunked(4096, 3)));
        }
    }

    /// <summary>A state as HF writes it for an SFT run logged every step, with an evaluation every 50 steps.</summary>
    private static string HfState(int entries)
    {
        var random = new Random(5);
        var history = new List<object?>();
        for (var step = 1; step <= entries; step++)
        {
            history.Add(step % 50 == 0
                ? new Dictionary<string, object?> { ["epoch"] = step / 1000.0, ["eval_loss"] = 1.5 + random.NextDouble(), ["eval_runtime"] = 3.5, ["step"] = step }
                : new Dictionary<string, object?> { ["epoch"] = step / 1000.0, ["grad_norm"] = 3 * random.NextDouble(), ["learning_rate"] = 1e-5 * (1 - (step / 1e4)), ["loss"] = 2 - random.NextDouble(), ["step"] = step });
        }

        return PythonJson.Dumps(new Dictionary<string, object?> { ["epoch"] = 3.0, ["global_step"] = entries, ["log_history"] = history, ["total_flos"] = 0 }, indent: 2, sortKeys: true);
    }
}
