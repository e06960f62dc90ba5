using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Headroom.Cli.Tests.Data;

/// <summary>Small logs written the way their trainers write them.</summary>
internal static class Fixtures
{
    /// <summary>
    /// An HF `trainer_state.json` at <paramref name="globalStep"/> (json.dumps indent=2 sort_keys=True): train loss
    /// every 10 steps, eval loss every 50, `total_flos` = 1e12 per step.
    /// </summary>
    public static string TrainerState(int globalStep)
    {
        var entries = new List<string>();
        for (var step = 10; step <= globalStep; step += 10)
        {
            entries.Add(Entry(step, $"\"learning_rate\": {F(1e-5 * (1 - (step / 1000.0)))},\n      \"loss\": {F(2.0 - (step / 1000.0))}"));
            if (step % 50 == 0)
            {
                entries.Add(Entry(step, $"\"eval_loss\": {F(1.9 - (step / 2000.0))},\n      \"eval_runtime\": 3.5"));
            }
        }

        return "{\n  \"best_metric\": null,\n  \"epoch\": " + F(globalStep / 100.0) + ",\n  \"global_step\": " + globalStep
            + ",\n  \"log_history\": [\n" + string.Join(",\n", entries) + "\n  ],\n  \"logging_steps\": 10,\n  \"max_steps\": 200,\n  \"total_flos\": "
            + F(globalStep * 1e12) + ",\n  \"train_batch_size\": 8\n}\n";

        static string Entry(int step, string body) => "    {\n      \"epoch\": " + F(step / 100.0) + ",\n      " + body + ",\n      \"step\": " + step + "\n    }";
    }

    /// <summary>A verl FileLogger JSONL (orjson: compact, NaN as null) of three GRPO steps with a validation score.</summary>
    public static string VerlJsonl()
        => string.Concat(Enumerable.Range(1, 3).Select(step =>
            $"{{\"step\":{step},\"data\":{{\"actor/entropy\":{F(0.5 - (step * 0.01))},\"actor/lr\":1e-6,\"critic/score/mean\":{F(0.3 + (step * 0.1))},\"response_length/mean\":{F(500.0 + step)},\"val-core/openai/gsm8k/acc/mean@4\":{(step == 3 ? "0.71" : "null")}}}}}\n"));

    /// <summary>
    /// A TensorBoard event file as PyTorch's SummaryWriter writes it: TFRecord framing (little-endian length,
    /// masked CRC-32C of the length, data, masked CRC-32C of the data), a `file_version` event, then one event per
    /// `add_scalar(tag, value, step)` with `Summary.Value(tag, simple_value)`.
    /// </summary>
    public static byte[] EventFile(IEnumerable<(string Tag, long Step, float Value)> scalars)
    {
        using var stream = new MemoryStream();
        Record(stream, Concat(Fixed64(1, 1713260000.0), Bytes(3, Encoding.UTF8.GetBytes("brain.Event:2"))));
        foreach (var (tag, step, value) in scalars)
        {
            var summaryValue = Concat(Bytes(1, Encoding.UTF8.GetBytes(tag)), Fixed32(2, value));
            var summary = Bytes(1, summaryValue);
            Record(stream, Concat(Fixed64(1, 1713260000.0 + step), Varint(2, (ulong)step), Bytes(5, summary)));
        }

        return stream.ToArray();
    }

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void Record(Stream stream, byte[] data)
    {
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)data.Length);
        stream.Write(length);
        WriteUInt32(stream, MaskedCrc(length));
        stream.Write(data);
        WriteUInt32(stream, MaskedCrc(data));
    }

    private static uint MaskedCrc(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        crc ^= 0xFFFFFFFFu;
        return unchecked(((crc >> 15) | (crc << 17)) + 0xA282EAD8u);
    }

    private static void WriteUInt32(Stream stream, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        stream.Write(bytes);
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    private static byte[] Tag(int field, int wireType) => VarintBytes((ulong)((field << 3) | wireType));

    private static byte[] Varint(int field, ulong value) => Concat(Tag(field, 0), VarintBytes(value));

    private static byte[] Fixed64(int field, double value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
        return Concat(Tag(field, 1), bytes);
    }

    private static byte[] Fixed32(int field, float value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        return Concat(Tag(field, 5), bytes);
    }

    private static byte[] Bytes(int field, byte[] value) => Concat(Tag(field, 2), VarintBytes((ulong)value.Length), value);

    private static byte[] VarintBytes(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }
}
