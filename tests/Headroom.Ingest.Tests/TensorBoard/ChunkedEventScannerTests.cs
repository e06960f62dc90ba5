namespace Headroom.Ingest.Tests;

/// <summary>
/// The chunked reader must give exactly what the sequential reader gives (points in order, tag ids,
/// skipped counts with first locations, records, first wall time, errors) on any bytes, with any
/// chunk size: clean files, restarts of a tag order, other kinds of events, records larger than a
/// chunk, and corrupted or truncated files with the fault anywhere, chunk boundaries included.
/// </summary>
public sealed class ChunkedEventScannerTests
{
    private const string Name = "events.out.tfevents.1700000000.host.1.0";

    private sealed record Outcome(
        List<(string Tag, long Step, double Value, double RawWallTime)> Points,
        List<string> TagIds,
        List<SkippedRecords> Skipped,
        long Records,
        double? FirstWallTime,
        string? FileVersion,
        List<KeyValuePair<string, string>> Metadata,
        string? Error);

    private static Outcome Run(Func<EventDecoder, SkipTally, IScalarScanner> open)
    {
        var decoder = new EventDecoder();
        var skipped = new SkipTally();
        var points = new List<(string, long, double, double)>();
        string? error = null;
        long records;
        double? firstWallTime;
        var scanner = open(decoder, skipped);
        try
        {
            ScalarBatch batch;
            while ((batch = scanner.ReadBatch()).Count > 0)
            {
                foreach (var point in batch.Span)
                {
                    var tagId = batch.RunTagId(point.TagId);
                    points.Add((decoder.Tags.NameOf(tagId), point.Step, point.Value, point.RawWallTime));
                }
            }
        }
        catch (IngestException e)
        {
            error = e.Message;
        }
        finally
        {
            records = scanner.Records;
            firstWallTime = scanner.FirstWallTime;
            scanner.Dispose();
        }

        var tagIds = Enumerable.Range(0, decoder.Tags.Count).Select(decoder.Tags.NameOf).ToList();
        return new Outcome(points, tagIds, [.. skipped.ToList()], records, firstWallTime, decoder.FileVersion, [.. decoder.Metadata], error);
    }

    private static Outcome Sequential(byte[] bytes, ReaderOptions options)
        => Run((decoder, skipped) => new EventFileScanner(Name, new MemoryStream(bytes, writable: false), options, decoder, skipped));

    private static ChunkedEventScanner Chunked(byte[] bytes, ReaderOptions options, EventDecoder decoder, SkipTally skipped, int chunkSize, int slack, int workers, int maxRead = int.MaxValue)
        => new(
            Name,
            bytes.Length,
            (offset, destination) =>
            {
                var count = (int)Math.Clamp(bytes.Length - offset, 0, Math.Min(destination.Length, maxRead));
                bytes.AsSpan((int)offset, count).CopyTo(destination);
                return count;
            },
            () => new MemoryStream(bytes, writable: false),
            options,
            decoder,
            skipped,
            chunkSize,
            slack,
            workers);

    private static void AssertSame(Outcome expected, Outcome actual, string because)
    {
        Assert.True(expected.Error == actual.Error, $"{because}: error {actual.Error} instead of {expected.Error}");
        Assert.True(expected.Points.SequenceEqual(actual.Points), $"{because}: {actual.Points.Count} points differ from the {expected.Points.Count} read sequentially");
        Assert.True(expected.TagIds.SequenceEqual(actual.TagIds), $"{because}: tag ids differ");
        Assert.True(expected.Skipped.SequenceEqual(actual.Skipped), $"{because}: skipped {string.Join("; ", actual.Skipped)} instead of {string.Join("; ", expected.Skipped)}");
        Assert.True(expected.Records == actual.Records, $"{because}: {actual.Records} records instead of {expected.Records}");
        Assert.True(expected.FirstWallTime == actual.FirstWallTime, $"{because}: first wall time {actual.FirstWallTime} instead of {expected.FirstWallTime}");
        Assert.True(expected.FileVersion == actual.FileVersion, $"{because}: file version differs");
        Assert.True(expected.Metadata.SequenceEqual(actual.Metadata), $"{because}: metadata differs");
    }

    /// <summary>
    /// A verl-like log as PyTorch's SummaryWriter writes it, with what breaks a run of add_scalar
    /// records mixed in: HF's text summaries, TF2 and new-style tensor scalars, histograms, images,
    /// a graph, a TF1 merged summary, events without step or wall time, a tag too long for the fast
    /// path, a text record larger than the chunks, and the tag order changing halfway (a restart).
    /// </summary>
    private static (byte[] Bytes, List<(string Tag, long Step, double Value)> Scalars) MixedFile(int steps = 60)
    {
        var scalars = new List<(string, long, double)>();
        string[] tags = ["actor/entropy", "actor/lr", "critic/score/mean", "response_length/mean", "timing_s/gen", "val-core/openai/gsm8k/reward/mean@1"];
        var longTag = "eval/" + new string('x', 140);
        using var stream = new MemoryStream();
        using (var writer = new TfEventWriter(stream))
        {
            writer.AddText("args/text_summary", "{\"learning_rate\": 1e-05, \"per_device_train_batch_size\": 4}", 0, 1_700_000_000);
            writer.AddScalar("train/epoch", 0f, 0, 1_700_000_000);
            scalars.Add(("train/epoch", 0, 0.0));
            for (var step = 1; step <= steps; step++)
            {
                var wall = step == 5 ? 0 : 1_700_000_000 + (step * 2.5);
                var order = step <= steps / 2 ? tags : [.. tags.Reverse()];
                foreach (var tag in order)
                {
                    var value = (float)(step * 0.125) + tag.Length;
                    writer.AddScalar(tag, value, step, wall);
                    scalars.Add((tag, step, value));
                }

                if (step % 7 == 0)
                {
                    writer.AddTf2Scalar("val/score", step * 0.5f, step, wall, withMetadata: step == 7);
                    scalars.Add(("val/score", step, step * 0.5f));
                    writer.AddNewStyleScalar("train/reward", step * 0.25, step, wall, doublePrecision: true);
                    scalars.Add(("train/reward", step, step * 0.25));
                }

                if (step % 11 == 0)
                {
                    writer.AddHistogram("grads", [0.0, 1.0], [3.0, 4.0], step, wall);
                    writer.AddImage("samples", step, wall);
                    writer.AddScalars(step, wall, ("merged/a", 1f), ("merged/b", 2f));
                    scalars.Add(("merged/a", step, 1));
                    scalars.Add(("merged/b", step, 2));
                    writer.AddScalar(longTag, step, step, wall);
                    scalars.Add((longTag, step, step));
                }

                if (step == steps / 3)
                {
                    writer.AddText("notes", new string('n', 3000), step, wall);
                    writer.AddGraph(wall);
                }
            }
        }

        return (stream.ToArray(), scalars);
    }

    [Theory]
    [InlineData(1, 0, 0)]
    [InlineData(7, 16, 1)]
    [InlineData(64, 0, 1)]
    [InlineData(100, 64, 2)]
    [InlineData(257, 4096, 1)]
    [InlineData(1000, 100, 3)]
    [InlineData(4096, 65536, 1)]
    [InlineData(1 << 20, 65536, 1)]
    public void Chunked_reading_gives_the_sequential_result_on_a_mixed_log(int chunkSize, int slack, int workers)
    {
        // Given a log mixing add_scalar runs with every other kind of record
        var (bytes, _) = MixedFile();
        var expected = Sequential(bytes, ReaderOptions.Default);

        // When it is read in chunks (positional reads returning at most 1000 bytes at a time)
        var actual = Run((decoder, skipped) => Chunked(bytes, ReaderOptions.Default, decoder, skipped, chunkSize, slack, workers, maxRead: 1000));

        // Then
        AssertSame(expected, actual, $"chunk {chunkSize}, slack {slack}, {workers} workers");
    }

    [Fact]
    public void Chunked_reading_returns_every_scalar_the_writer_wrote_and_takes_most_from_the_workers()
    {
        // Given a log whose scalars are known
        var (bytes, written) = MixedFile();

        // When read in 512-byte chunks
        var decoder = new EventDecoder();
        var skipped = new SkipTally();
        using var scanner = Chunked(bytes, ReaderOptions.Default, decoder, skipped, 512, 1024, workers: 1);
        var read = new List<(string, long, double)>();
        ScalarBatch batch;
        while ((batch = scanner.ReadBatch()).Count > 0)
        {
            foreach (var point in batch.Span)
            {
                read.Add((decoder.Tags.NameOf(batch.RunTagId(point.TagId)), point.Step, point.Value));
            }
        }

        // Then the writer's scalars come back in order, and every add_scalar record (tags under 119
        // bytes) came from the workers' runs: on a sound file the walk reaches the start of every run
        Assert.Equal(written, read);
        var addScalarRecords = written.Count(s => !s.Item1.StartsWith("val/", StringComparison.Ordinal)
            && !s.Item1.StartsWith("merged/", StringComparison.Ordinal) && s.Item1 != "train/reward" && s.Item1.Length < 100);
        Assert.Equal(addScalarRecords, scanner.RecordsFromRuns);
        Assert.Equal(["non-scalar event (graph_def)", "non-scalar summary (histograms)", "non-scalar summary (images)", "non-scalar summary (text)"], skipped.ToList().Select(s => s.Reason).Order());
    }

    [Theory]
    [InlineData(BadRecordPolicy.Lenient)]
    [InlineData(BadRecordPolicy.Strict)]
    public void Chunked_reading_gives_the_sequential_result_with_a_corrupted_byte_anywhere(BadRecordPolicy policy)
    {
        // Given every third byte of a log flipped in turn (lengths, length CRCs, data, data CRCs, chunk boundaries)
        var (original, _) = MixedFile(steps: 12);
        var options = new ReaderOptions { BadRecords = policy };
        for (var at = 0; at < original.Length; at += 3)
        {
            var bytes = (byte[])original.Clone();
            bytes[at] ^= 0x5A;

            // When read sequentially and in 97-byte chunks (no worker: this thread scans them)
            var expected = Sequential(bytes, options);
            var actual = Run((decoder, skipped) => Chunked(bytes, options, decoder, skipped, 97, 97, workers: 0));

            // Then
            AssertSame(expected, actual, $"byte {at} flipped, {policy}");
        }
    }

    [Fact]
    public void Chunked_reading_gives_the_sequential_result_when_the_file_is_cut_anywhere()
    {
        // Given the log cut at every fifth byte (a live run's half-written last record)
        var (original, _) = MixedFile(steps: 12);
        for (var cut = 0; cut <= original.Length; cut += 5)
        {
            var bytes = original[..cut];

            // When
            var expected = Sequential(bytes, ReaderOptions.Default);
            var actual = Run((decoder, skipped) => Chunked(bytes, ReaderOptions.Default, decoder, skipped, 128, 40, workers: 0));

            // Then
            AssertSame(expected, actual, $"cut at {cut}");
        }
    }

    [Fact]
    public void Chunked_reading_gives_the_sequential_result_on_thousands_of_mutated_logs()
    {
        // Given 2000 seeded mutations (truncations and 1-4 byte flips) read with random chunk sizes and workers
        var (original, _) = MixedFile(steps: 20);
        var random = new Random(20260402);
        for (var input = 0; input < 2000; input++)
        {
            var mutation = Mutation.Of(original, random);
            var options = new ReaderOptions { BadRecords = input % 2 == 0 ? BadRecordPolicy.Lenient : BadRecordPolicy.Strict };
            var chunkSize = random.Next(16, 3000);
            var slack = random.Next(0, 2000);
            var workers = input % 10 == 0 ? 1 : 0;

            // When
            var expected = Sequential(mutation.Bytes, options);
            var actual = Run((decoder, skipped) => Chunked(mutation.Bytes, options, decoder, skipped, chunkSize, slack, workers));

            // Then
            AssertSame(expected, actual, $"input {input} (chunk {chunkSize}, slack {slack})");
        }
    }

    [Fact]
    public void Records_hidden_inside_another_record_are_not_taken_for_a_run()
    {
        // Given framed add_scalar records carried as the payload of a graph event (whole frames whose
        // CRCs hold, inside a record), between ordinary add_scalar records
        var hidden = new MemoryStream();
        using (var inner = new TfEventWriter(hidden))
        {
            for (var step = 1; step <= 30; step++)
            {
                inner.AddScalar("hidden/loss", step, step, 1_700_000_000 + step);
            }
        }

        using var stream = new MemoryStream();
        using (var writer = new TfEventWriter(stream))
        {
            for (var step = 1; step <= 40; step++)
            {
                writer.AddScalar("train/loss", step, step, 1_700_000_000 + step);
                if (step == 20)
                {
                    writer.WriteRecord(new ProtoWriter().Double(1, 1_700_000_020).Bytes(4, hidden.ToArray()).ToArray());
                }
            }
        }

        var bytes = stream.ToArray();
        var expected = Sequential(bytes, ReaderOptions.Default);
        var dropped = 0;
        for (var chunkSize = 64; chunkSize <= 512; chunkSize += 13)
        {
            // When read in chunks, some of which start inside the graph event
            ChunkedEventScanner? scanner = null;
            var actual = Run((decoder, skipped) => scanner = Chunked(bytes, ReaderOptions.Default, decoder, skipped, chunkSize, 64, workers: 0));
            dropped += scanner!.RunsDropped;

            // Then the hidden records are not read, exactly as sequentially
            AssertSame(expected, actual, $"chunk {chunkSize}");
            Assert.DoesNotContain("hidden/loss", actual.TagIds);
        }

        Assert.True(dropped > 0, "no chunk started inside the graph event");
    }

    [Fact]
    public void A_chunk_that_cannot_be_read_is_read_sequentially_instead()
    {
        // Given positional reads that fail for the chunks starting at 2048 and 6144 (the stream reads work)
        var (bytes, _) = MixedFile();
        var expected = Sequential(bytes, ReaderOptions.Default);

        // When
        var actual = Run((decoder, skipped) => new ChunkedEventScanner(
            Name,
            bytes.Length,
            (offset, destination) => offset is 2048 or 6144
                ? throw new IOException("device error")
                : CopyAt(bytes, offset, destination),
            () => new MemoryStream(bytes, writable: false),
            ReaderOptions.Default,
            decoder,
            skipped,
            chunkSize: 2048,
            slack: 512,
            workers: 1));

        // Then
        AssertSame(expected, actual, "failing chunk reads");
    }

    [Fact]
    public async Task Stopping_early_releases_the_workers()
    {
        // Given a scanner with three workers over many small chunks
        var (bytes, _) = MixedFile(steps: 200);
        var decoder = new EventDecoder();

        // When one batch is read and the scanner disposed
        var scanner = Chunked(bytes, ReaderOptions.Default, decoder, new SkipTally(), 64, 256, workers: 3);
        Assert.True(scanner.ReadBatch().Count >= 0);
        var dispose = Task.Run(scanner.Dispose, TestContext.Current.CancellationToken);

        // Then disposing returns (the workers stop) well within the time limit
        await dispose.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }

    [Fact]
    public void A_file_over_the_threshold_is_read_in_chunks_through_the_public_readers_with_the_sequential_result()
    {
        // Given an add_scalar log just over the threshold with a truncated last record, as a live verl run leaves it
        using var folder = new TempFolder();
        var file = folder.File(Name);
        using (var writer = new TfEventWriter(file))
        {
            for (var step = 1L; writer.Position < ChunkedEventScanner.Threshold + (1 << 20); step++)
            {
                writer.AddScalar("actor/entropy", step * 0.5f, step, 1_700_000_000 + step);
                writer.AddScalar("critic/score/mean", step * 0.25f, step, 1_700_000_000 + step);
                if (step % 5000 == 0)
                {
                    writer.AddHistogram("grads", [0.0, 1.0], [3.0, 4.0], step, 1_700_000_000 + step);
                }
            }
        }

        File.WriteAllBytes(file, File.ReadAllBytes(file)[..^9]);

        // When read through the public readers (chunked, as the file is large) and sequentially from a stream
        var streamed = TensorBoardReader.ReadScalars(file).ToList();
        var run = new TensorBoardReader().Read(file, ReaderOptions.Default).Single();
        RunLog sequential;
        using (var stream = File.OpenRead(file))
        {
            sequential = RunStreams.Materialize(sink => TensorBoardRun.Stream("tensorboard", Path.GetDirectoryName(file)!, run.Name, file, stream, ReaderOptions.Default, sink)).Single();
        }

        // Then both give the same run, and the stream the same points in file order
        Assert.Equal(sequential.Series.Select(s => (s.Key, s.Count)), run.Series.Select(s => (s.Key, s.Count)));
        foreach (var series in sequential.Series)
        {
            Assert.Equal(series.Points, run.Find(series.Key)!.Points);
        }

        Assert.Equal(sequential.Skipped, run.Skipped);
        Assert.Equal(sequential.Metadata["records"], run.Metadata["records"]);
        Assert.Equal(sequential.Series.Sum(s => s.Count), streamed.Count);
        Assert.Equal(sequential.Find("critic/score/mean")!.Points.Select(p => p.Value), streamed.Where(s => s.Tag == "critic/score/mean").Select(s => s.Value));

        // And with more than one core the public readers took the chunked path
        using var opened = EventFileScanner.Open(file, ReaderOptions.Default, new EventDecoder(), new SkipTally());
        Assert.Equal(Environment.ProcessorCount > 1, opened is ChunkedEventScanner);
    }

    private static int CopyAt(byte[] bytes, long offset, Span<byte> destination)
    {
        var count = (int)Math.Clamp(bytes.Length - offset, 0, destination.Length);
        bytes.AsSpan((int)offset, count).CopyTo(destination);
        return count;
    }
}
