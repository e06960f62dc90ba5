using System.Globalization;
using System.Text.Json;
using Headroom.Lab;

// Usage: LabThroughput MODEL THREADS [BATCH SEQ STEPS SAMPLE_BATCH PROMPT NEW_TOKENS]
var numbers = args.Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
int At(int index, int fallback) => numbers.Length > index ? numbers[index] : fallback;
var result = Throughput.Measure(args[0], At(0, 1), At(1, 32), At(2, 64), At(3, 30), At(4, 128), At(5, 16), At(6, 48));
Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
