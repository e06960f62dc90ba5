using System.Text;
using Headroom.Ingest.Tests.Data;

namespace Headroom.Ingest.Tests.Robustness;

/// <summary>
/// Every text reader, given a valid log cut at up to 600 evenly spaced bytes (every byte of a small one) or with random bytes changed, either reads it or
/// throws an <see cref="IngestException"/> with a one-line message naming the file: never another exception.
/// </summary>
public sealed class TextReaderMutationTests
{
    private const int Mutations = 400;

    public static TheoryData<string, string> Logs()
    {
        var sim = new HfTrainerSimulation(HfTrainerSimulation.Version.V4_46, evalSteps: 20, maxSteps: 40);
        sim.RunSft(40, step => step == 20 ? double.NaN : 1.0);
        var llama = new LlamaFactoryLogCallback(30);
        for (var step = 10; step <= 30; step += 10)
        {
            llama.OnLog(step, new() { ["loss"] = 1.0, ["learning_rate"] = 1e-5, ["epoch"] = 0.1 }, step * 3);
        }

        return new TheoryData<string, string>
        {
            { "trainer_state.json", sim.SaveToJson() },
            { "trainer_log.jsonl", llama.Text },
            { "run.jsonl", string.Concat(Enumerable.Range(0, 3).Select(i => VerlWriters.FileLoggerLine(i, new Dictionary<string, object?> { ["a/b"] = 0.5 * i, ["c"] = "text" }))) },
            { "verl_demo.log", string.Concat(Enumerable.Range(1, 3).Select(i => VerlWriters.RayLine(VerlWriters.ConcatDictToStr(i, new Dictionary<string, object?> { ["x"] = 1.0 / i, ["y"] = new VerlWriters.NumpyFloat(2.0) })) + "\n" + VerlWriters.TqdmBar(i, 3))) },
            { "results_2025-01-01.json", "{\"results\": {\"gsm8k\": {\"alias\": \"gsm8k\", \"exact_match,strict-match\": 0.5, \"exact_match_stderr,strict-match\": \"N/A\"}}, \"model_name\": \"m\"}" },
        };
    }

    [Theory]
    [MemberData(nameof(Logs))]
    public void Reader_survives_truncation_and_random_byte_flips(string name, string text)
    {
        // Given
        using var temp = new TempFolder();
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = LogReaders.All.First(r => r.CanRead(temp.Write(name, text)));
        var random = new Random(20261126);
        var cuts = Math.Min(bytes.Length + 1, 600);
        var inputs = Enumerable.Range(0, cuts).Select(i => bytes[..(int)((long)i * bytes.Length / (cuts - 1))])
            .Concat(Enumerable.Range(0, Mutations).Select(_ =>
            {
                var mutated = (byte[])bytes.Clone();
                for (var k = random.Next(1, 4); k > 0; k--)
                {
                    mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
                }

                return mutated;
            }));

        // When / Then
        foreach (var (input, index) in inputs.Select((input, index) => (input, index)))
        {
            var file = temp.WriteBytes($"m{index}/{name}", input);
            foreach (var policy in new[] { BadRecordPolicy.Lenient, BadRecordPolicy.Strict })
            {
                try
                {
                    var runs = reader.Read(file, ReaderOptions.Default with { BadRecords = policy, BufferSize = 7 });
                    Assert.All(runs, run => Assert.All(run.Series, s => Assert.True(s.Points.Count > 0)));
                }
                catch (IngestException exception)
                {
                    Assert.DoesNotContain('\n', exception.Message);
                    Assert.Contains(file, exception.Message, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public void Readers_take_integers_beyond_64_bits_and_fields_of_the_wrong_JSON_type_without_crashing()
    {
        // Given a LLaMA-Factory line whose elapsed_time is an object and whose loss overflows a long
        using var temp = new TempFolder();
        var file = temp.Write("trainer_log.jsonl", "{\"current_steps\": 5, \"loss\": 123456789012345678901234567890, \"elapsed_time\": {\"h\": 1}}\n");

        // When
        var run = Assert.Single(new LlamaFactoryLogReader().Read(file, ReaderOptions.Default));

        // Then
        Assert.Equal(1.2345678901234568e29, run.Find("loss")!.Points.Single().Value, 1e15);
        Assert.Equal("elapsed_time that is not H:MM:SS", Assert.Single(run.Skipped).Reason);
    }
}
