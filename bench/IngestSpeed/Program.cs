using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text;
using Headroom.Ingest;

// Usage:
//   IngestSpeed generate FILE MEGABYTES   writes a TensorBoard event file of scalar events (add_scalar style)
//   IngestSpeed stream FILE [BUFFER]      streams its scalars (TensorBoardReader.ReadScalars) and reports MB/s
//   IngestSpeed run FILE                  reads it into a RunLog (TensorBoardReader.Read) and reports MB/s
//   IngestSpeed generate-state FILE MB    writes a trainer_state.json as HF's save_to_json does (indent=2, sorted keys)
//   IngestSpeed generate-runs FOLDER N    writes N small HF run folders (a trainer_state.json of 200 entries each)
//   IngestSpeed generate-csv FILE MB      writes a metrics.csv as PyTorch Lightning's CSVLogger does (step + 12 metric columns)
//   IngestSpeed generate-verl FILE MB     writes a JSONL as verl's file logger does ({"step": n, "data": {12 metrics}})
//   IngestSpeed generate-wandb FILE MB    writes a `.wandb` datastore as the W&B SDK does for an HF run (8 keys a row)
//   IngestSpeed summarise PATH [REPEATS]  LogIngest.Summarise (what `headroom inspect` reads) REPEATS times in one
//                                         process (default 5): wall and CPU seconds of each, so a change's CPU cost is
//                                         seen on a busy machine too (the first includes the JIT)
var culture = CultureInfo.InvariantCulture;
switch (args)
{
    case ["generate", var file, var megabytes]:
        Generate(file, long.Parse(megabytes, culture) << 20);
        break;
    case ["generate-state", var file, var megabytes]:
        GenerateState(file, long.Parse(megabytes, culture) << 20);
        break;
    case ["generate-runs", var folder, var count]:
        for (var i = 0; i < int.Parse(count, culture); i++)
        {
            var run = Path.Combine(folder, $"run-{i:D4}");
            Directory.CreateDirectory(run);
            GenerateState(Path.Combine(run, "trainer_state.json"), long.MaxValue, entries: 200);
        }

        break;
    case ["generate-csv", var file, var megabytes]:
        GenerateRows(file, long.Parse(megabytes, culture) << 20, csv: true);
        break;
    case ["generate-verl", var file, var megabytes]:
        GenerateRows(file, long.Parse(megabytes, culture) << 20, csv: false);
        break;
    case ["generate-wandb", var file, var megabytes]:
        GenerateWandb(file, long.Parse(megabytes, culture) << 20);
        break;
    case ["stream", var file, ..]:
        Stream(file, args.Length > 2 ? int.Parse(args[2], culture) : ReaderOptions.Default.BufferSize);
        break;
    case ["summarise", var path, ..]:
        Summarise(path, args.Length > 2 ? int.Parse(args[2], culture) : 5);
        break;
    case ["run", var file]:
        Run(file);
        break;
    default:
        Console.Error.WriteLine("usage: IngestSpeed generate FILE MEGABYTES | generate-state FILE MEGABYTES | generate-runs FOLDER N | generate-csv FILE MEGABYTES | generate-verl FILE MEGABYTES | generate-wandb FILE MEGABYTES | stream FILE [BUFFER] | run FILE | summarise PATH [REPEATS]");
        return 2;
}

return 0;

static void Stream(string file, int bufferSize)
{
    var bytes = new FileInfo(file).Length;
    var watch = Stopwatch.StartNew();
    var stream = TensorBoardReader.ReadScalars(file, new ReaderOptions { BufferSize = bufferSize, BadRecords = BadRecordPolicy.Strict });
    long count = 0;
    double sum = 0;
    foreach (var scalar in stream)
    {
        count++;
        sum += scalar.Value;
    }

    watch.Stop();
    Report("stream", bytes, watch.Elapsed.TotalSeconds, $"scalars={count} records={stream.Records} skipped={stream.Skipped.Sum(s => s.Count)} checksum={sum.ToString("R", CultureInfo.InvariantCulture)}");
}

static void Summarise(string path, int repeats)
{
    var bytes = File.Exists(path) ? new FileInfo(path).Length : Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
    var process = Process.GetCurrentProcess();
    for (var i = 0; i < repeats; i++)
    {
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = LogIngest.Summarise([path]);
        watch.Stop();
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
        Report("summarise", bytes, watch.Elapsed.TotalSeconds, string.Create(CultureInfo.InvariantCulture, $"cpu={cpuSeconds:F3} s points={result.Runs.Sum(r => r.Series.Sum(s => s.Count))} gc0={GC.CollectionCount(0)} gc1={GC.CollectionCount(1)} gc2={GC.CollectionCount(2)} allocated={GC.GetTotalAllocatedBytes() >> 20} MB"));
    }
}

static void Run(string file)
{
    var bytes = new FileInfo(file).Length;
    var watch = Stopwatch.StartNew();
    var run = new TensorBoardReader().Read(file, ReaderOptions.Default).Single();
    watch.Stop();
    Report("run", bytes, watch.Elapsed.TotalSeconds, $"series={run.Series.Count} points={run.Series.Sum(s => s.Count)}");
}

static void Report(string mode, long bytes, double seconds, string detail)
{
    var mbPerSecond = bytes / 1e6 / seconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{mode}: {bytes / 1e6:F1} MB in {seconds:F3} s = {mbPerSecond:F1} MB/s; {detail}"));
}

// A trainer_state.json of an SFT run logged every step (loss, grad_norm, learning_rate, epoch) with an
// evaluation every 50 steps, until the file reaches targetBytes (or has the given number of entries).
static void GenerateState(string file, long targetBytes, int entries = int.MaxValue)
{
    var c = CultureInfo.InvariantCulture;
    var random = new Random(7);
    using var output = new StreamWriter(file, false, new UTF8Encoding(false), 1 << 20);
    output.Write("{\n  \"best_metric\": null,\n  \"best_model_checkpoint\": null,\n  \"epoch\": 3.0,\n  \"eval_steps\": 50,\n  \"global_step\": 0,\n  \"log_history\": [\n");
    long written = 0;
    var step = 0;
    while (written < targetBytes && step < entries)
    {
        step++;
        var entry = step % 50 == 0
            ? string.Create(c, $"    {{\n      \"epoch\": {step / 1000.0:R},\n      \"eval_loss\": {1.5 + random.NextDouble():R},\n      \"eval_runtime\": 3.5,\n      \"step\": {step}\n    }}")
            : string.Create(c, $"    {{\n      \"epoch\": {step / 1000.0:R},\n      \"grad_norm\": {3 * random.NextDouble():R},\n      \"learning_rate\": {1e-5 * (1 - (step / 1e8)):R},\n      \"loss\": {2 - random.NextDouble():R},\n      \"step\": {step}\n    }}");
        if (step > 1)
        {
            output.Write(",\n");
        }

        output.Write(entry);
        written += entry.Length + 2;
    }

    output.Write(string.Create(c, $"\n  ],\n  \"logging_steps\": 1,\n  \"max_steps\": {step},\n  \"total_flos\": 1.5e+18,\n  \"train_batch_size\": 8\n}}\n"));
}

// One row per step of 12 RL metrics (validation every 50 steps), as a wide CSV or as verl's JSONL lines.
static void GenerateRows(string file, long targetBytes, bool csv)
{
    string[] keys =
    [
        "actor/entropy", "actor/grad_norm", "actor/pg_loss", "actor/ppo_kl", "critic/advantages/mean", "critic/rewards/mean",
        "critic/score/mean", "perf/throughput", "prompt_length/mean", "response_length/mean", "timing_s/step", "val-core/aime24/acc/mean@8",
    ];
    var c = CultureInfo.InvariantCulture;
    var random = new Random(7);
    using var output = new StreamWriter(file, false, new UTF8Encoding(false), 1 << 20);
    long written = 0;
    if (csv)
    {
        var header = "step," + string.Join(',', keys) + "\n";
        output.Write(header);
        written += header.Length;
    }

    var line = new StringBuilder();
    for (var step = 1; written < targetBytes; step++)
    {
        line.Clear();
        line.Append(csv ? string.Create(c, $"{step}") : string.Create(c, $"{{\"step\": {step}, \"data\": {{"));
        for (var k = 0; k < keys.Length; k++)
        {
            var validation = k == keys.Length - 1;
            var value = validation && step % 50 != 0 ? (double?)null : random.NextDouble();
            if (csv)
            {
                line.Append(',').Append(value is { } v ? v.ToString("R", c) : "");
            }
            else if (value is { } v)
            {
                line.Append(k == 0 ? "" : ", ").Append('"').Append(keys[k]).Append("\": ").Append(v.ToString("R", c));
            }
        }

        line.Append(csv ? "\n" : "}}\n");
        output.Write(line);
        written += line.Length;
    }
}

// The datastore `wandb.log` fills for an HF run (WandbCallback: train/* keys with train/global_step, W&B's _step,
// _timestamp, _runtime), an evaluation every 50 steps, the run record with its display name and the summary last.
static void GenerateWandb(string file, long targetBytes)
{
    var c = CultureInfo.InvariantCulture;
    var random = new Random(7);
    using var writer = new Headroom.Ingest.Tests.WandbDatastoreWriter(file);
    writer.Run("bench0001", "bench", "bench-run", 1_752_749_475);
    long step = 0;
    for (; writer.Position < targetBytes; step++)
    {
        string Number(double value) => value.ToString("R", c);
        var items = new List<(string, string)>
        {
            ("train/loss", Number(2 * random.NextDouble())), ("train/grad_norm", Number(random.NextDouble())),
            ("train/learning_rate", Number(1e-5 * (1 - (step * 1e-8)))), ("train/epoch", Number(step * 1e-4)),
            ("train/global_step", Number(step + 1)), ("_timestamp", Number(1_752_749_475.0 + step)),
            ("_runtime", Number(step + 0.5)), ("_step", Number(step)),
        };
        if (step % 50 == 49)
        {
            items.Add(("eval/loss", Number(random.NextDouble())));
        }

        writer.History(step, [.. items]);
    }

    writer.Summary(("train/loss", "0.5"), ("train/global_step", step.ToString(c)), ("train/train_runtime", "12345.6"));
    writer.Exit(0);
}

// The events SummaryWriter.add_scalar writes for a verl-like run: 20 tags logged every step,
// wall time advancing, framed as tensorboard's RecordWriter frames them.
static void Generate(string file, long targetBytes)
{
    string[] tags =
    [
        "actor/entropy", "actor/grad_norm", "actor/kl_loss", "actor/lr", "actor/pg_clipfrac", "actor/pg_loss", "actor/ppo_kl",
        "critic/advantages/mean", "critic/returns/mean", "critic/rewards/mean", "critic/score/mean", "response_length/mean",
        "response_length/max", "prompt_length/mean", "perf/total_num_tokens", "perf/mfu/actor", "perf/throughput",
        "timing_s/gen", "timing_s/update_actor", "val-core/openai/gsm8k/reward/mean@1",
    ];
    var encodedTags = tags.Select(Encoding.UTF8.GetBytes).ToArray();
    using var output = new BufferedStream(File.Create(file), 1 << 20);
    var scratch = new byte[256];
    Write(output, FileVersionEvent(1_752_749_475.0), scratch);
    long written = 0;
    var random = new Random(42);
    for (long step = 1; written < targetBytes; step++)
    {
        var wallTime = 1_752_749_475.0 + (step * 12.5);
        foreach (var tag in encodedTags)
        {
            written += Write(output, ScalarEvent(tag, (float)random.NextDouble(), step, wallTime), scratch);
        }
    }
}

static byte[] FileVersionEvent(double wallTime)
{
    var version = Encoding.UTF8.GetBytes("brain.Event:2");
    var ev = new byte[9 + 2 + version.Length];
    ev[0] = 0x09;
    BinaryPrimitives.WriteDoubleLittleEndian(ev.AsSpan(1), wallTime);
    ev[9] = 0x1A;
    ev[10] = (byte)version.Length;
    version.CopyTo(ev, 11);
    return ev;
}

// Event { wall_time = 1; step = 2; summary = 5 { value = 1 { tag = 1; simple_value = 2 } } }
static byte[] ScalarEvent(byte[] tag, float value, long step, double wallTime)
{
    var valueLength = 2 + tag.Length + 5;
    var summaryLength = 2 + valueLength;
    var ev = new List<byte>(64) { 0x09 };
    ev.AddRange(BitConverter.GetBytes(wallTime));
    ev.Add(0x10);
    for (var v = (ulong)step; ; v >>= 7)
    {
        if (v < 0x80)
        {
            ev.Add((byte)v);
            break;
        }

        ev.Add((byte)(v | 0x80));
    }

    ev.AddRange([0x2A, (byte)summaryLength, 0x0A, (byte)valueLength, 0x0A, (byte)tag.Length]);
    ev.AddRange(tag);
    ev.Add(0x15);
    ev.AddRange(BitConverter.GetBytes(value));
    return [.. ev];
}

static int Write(Stream output, byte[] data, byte[] scratch)
{
    BinaryPrimitives.WriteUInt64LittleEndian(scratch, (ulong)data.Length);
    BinaryPrimitives.WriteUInt32LittleEndian(scratch.AsSpan(8), Masked(Crc32C(scratch.AsSpan(0, 8))));
    output.Write(scratch, 0, 12);
    output.Write(data);
    BinaryPrimitives.WriteUInt32LittleEndian(scratch, Masked(Crc32C(data)));
    output.Write(scratch, 0, 4);
    return 16 + data.Length;
}

static uint Crc32C(ReadOnlySpan<byte> data)
{
    var crc = ~0u;
    foreach (var b in data)
    {
        crc = BitOperations.Crc32C(crc, b);
    }

    return ~crc;
}

static uint Masked(uint crc) => unchecked(((crc >> 15) | (crc << 17)) + 0xA282EAD8u);
