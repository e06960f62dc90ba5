using System.Globalization;
using System.Text.Json;
using Headroom.Lab;
using Headroom.Lab.Internal.Torch;
using Headroom.Lab.Model;
using Headroom.Lab.Training;
using TorchSharp;
using static TorchSharp.torch;

// Usage: LabThroughput MODEL THREADS [BATCH SEQ STEPS SAMPLE_BATCH PROMPT NEW_TOKENS]   training and sampling tokens/s
//        LabThroughput rl-step MODEL|MODEL_FOLDER THREADS [PROMPTS GROUP STEPS MAX_NEW]  one RL step split into phases
//        LabThroughput logits MODEL_FOLDER TEXT...                                      the lab model's logits, for export-check
var json = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
int[] Numbers(int skip) => [.. args.Skip(skip).Select(a => int.Parse(a, CultureInfo.InvariantCulture))];
int At(int[] numbers, int index, int fallback) => numbers.Length > index ? numbers[index] : fallback;
switch (args[0])
{
    case "rl-step":
        {
            var n = Numbers(3);
            var timing = Throughput.MeasureRlStep(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), At(n, 0, 16), At(n, 1, 8), At(n, 2, 3), At(n, 3, 112));
            Console.WriteLine(JsonSerializer.Serialize(timing, json));
            break;
        }

    case "logits":
        {
            // The lab's logits in float32 (as it trains) and in float64 (the same weights widened), so the export
            // check can compare the architecture and weights free of float32 summation-order noise.
            TorchRuntime.UseThreads(1);
            using var model = Checkpoints.LoadModel(args[1]);
            model.eval();
            using var _ = no_grad();
            var texts = args.Skip(2).ToList();
            List<List<double[]>> Logits() => [.. texts.Select(text =>
        {
            using var scope = NewDisposeScope();
            var output = model.call(tensor(CharTokenizer.Encode(text), [1, text.Length]))[0].to(ScalarType.Float64);
            return Enumerable.Range(0, text.Length).Select(t => output[t].data<double>().ToArray()).ToList();
        })];
            var single = Logits();
            model.to(ScalarType.Float64);
            Console.WriteLine(JsonSerializer.Serialize(new { texts, logits = Logits(), logits_float32 = single }, json));
            break;
        }

    default:
        {
            var n = Numbers(1);
            var result = Throughput.Measure(args[0], At(n, 0, 1), At(n, 1, 32), At(n, 2, 64), At(n, 3, 30), At(n, 4, 128), At(n, 5, 16), At(n, 6, 48));
            Console.WriteLine(JsonSerializer.Serialize(result, json));
            break;
        }
}
