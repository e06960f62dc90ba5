using System.Diagnostics;
using System.Globalization;
using Headroom.Lab.Internal.Torch;
using Headroom.Lab.Model;
using Headroom.Lab.Training;
using static TorchSharp.torch;

// Where one training step's time goes: per phase of the trainer's step on the lab model (with page faults
// and native memory growth per step), then per op at the model's shapes, backward and forward (inputs
// require grad, as in training). bench/lab/profile_torch.py prints the same rows for PyTorch 1.13;
// bench/lab/profile.sh runs both.  Usage: LabProfile MODEL THREADS [STEPS] (MODEL: a preset or size name)
var modelName = args.Length > 0 ? args[0] : "full";
var threads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
var steps = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 40;
const int Batch = 32, Length = 64;
var config = ModelSizes.Resolve(modelName, LabPreset.Tiny);
TorchRuntime.UseThreads(threads);
Console.WriteLine($"TorchSharp, model {modelName}, {threads} thread(s), B={Batch} T={Length}, ms per call (median of {steps})");

using var model = new Llama(config, seed: 0);
var parameters = model.parameters().ToArray();
using var optimizer = optim.AdamW(parameters, 1e-3, 0.9, 0.99);
using var generator = new Generator(0);
using var tokens = randint(1, config.Vocabulary, [Batch, Length + 1], generator: generator);
using var inputs = tokens[.., ..Length];
using var targets = tokens[.., 1..].flatten();
var phases = new Dictionary<string, List<double>>();
void Add(string name, Stopwatch clock)
{
    (phases.TryGetValue(name, out var list) ? list : phases[name] = []).Add(clock.Elapsed.TotalMilliseconds);
    clock.Restart();
}

long MinorFaults() => long.Parse(File.ReadAllText("/proc/self/stat").Split(") ")[1].Split(' ')[7], CultureInfo.InvariantCulture);
var faults = 0L;
double RssMb() => double.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
var rssAfterWarmup = 0.0;
for (var step = 0; step < steps + 5; step++)
{
    if (step == 5)
    {
        faults = MinorFaults();
        rssAfterWarmup = RssMb();
    }

    using var scope = NewDisposeScope();
    var clock = Stopwatch.StartNew();
    var logits = model.call(inputs);
    Add("forward (model)", clock);
    var loss = nn.functional.cross_entropy(logits.flatten(0, 1), targets);
    Add("forward (loss)", clock);
    loss.backward();
    Add("backward", clock);
    nn.utils.clip_grad_norm_(parameters, 1.0);
    Add("clip", clock);
    optimizer.step();
    Add("adamw", clock);
    optimizer.zero_grad();
    Add("zero_grad", clock);
    _ = loss.item<float>();
    Add("item", clock);
    scope.Dispose();
    Add("dispose scope", clock);
    TorchRuntime.ReleaseFinalizableNatives();
    Add("gen-0 collection", clock);
}

double Median(IEnumerable<double> values) => values.Skip(5).Order().ElementAt((steps - 1) / 2);
foreach (var (name, values) in phases)
{
    Console.WriteLine($"phase  {name,-28} {Median(values),8:F3}");
}

Console.WriteLine($"phase  {"total",-28} {phases.Values.Sum(Median),8:F3}");
Console.WriteLine($"faults {"minor page faults per step",-28} {(double)(MinorFaults() - faults) / steps,8:F0}");
Console.WriteLine($"rss    {"growth per step (MB)",-28} {(RssMb() - rssAfterWarmup) / steps,8:F2}");

// Op by op at the model's shapes.
long b = Batch, t = Length, h = config.Hidden, heads = config.Heads, d = config.HeadDim, f = config.FeedForward, v = config.Vocabulary;
Tensor Param(params long[] shape) => (randn(shape, generator: generator) * 0.02).requires_grad_();
using var x = Param(b, t, h);
using var wHH = Param(h, h);
using var wFH = Param(f, h);
using var wHF = Param(h, f);
using var wVH = Param(v, h);
using var hF = Param(b, t, f);
using var q = Param(b, heads, t, d);
using var k = Param(b, heads, t, d);
using var scores = Param(b, heads, t, t);
using var norm = nn.LayerNorm(h);
using var embedding = nn.Embedding(v, h);
using var positionTable = nn.Embedding(t, h);
using var positions = arange(0, t, dtype: ScalarType.Int64);
using var causal = ones(t, t, dtype: ScalarType.Bool).triu(1);
using var logitsIn = Param(b * t, v);
var scale = 1.0 / Math.Sqrt(d);
// Backward of one op at a time: the op's forward is untimed, then y.backward(dy) is timed.
var backwardOps = new (string Name, Func<Tensor> Op)[]
{
    ("embedding", () => embedding.call(inputs)),
    ("add [B,T,H]", () => x + x),
    ("layer_norm", () => norm.call(x)),
    ("linear H->H", () => nn.functional.linear(x, wHH)),
    ("linear H->F", () => nn.functional.linear(x, wFH)),
    ("linear F->H", () => nn.functional.linear(hF, wHF)),
    ("linear H->V (head)", () => nn.functional.linear(x, wVH)),
    ("q @ k^T", () => q.matmul(k.transpose(-2, -1))),
    ("* scale", () => scores * scale),
    ("masked_fill", () => scores.masked_fill(causal, float.NegativeInfinity)),
    ("softmax", () => scores.softmax(-1)),
    ("p @ v", () => scores.matmul(k)),
    ("transpose+contiguous+view", () => q.transpose(1, 2).contiguous().view(b, t, h)),
    ("view+transpose (q)", () => x.view(b, t, heads, -1).transpose(1, 2)),
    ("silu", () => nn.functional.silu(hF)),
    ("mul [B,T,F]", () => hF * hF),
    ("cross_entropy", () => nn.functional.cross_entropy(logitsIn, targets)),
};
foreach (var (name, op) in backwardOps)
{
    var times = new List<double>();
    for (var i = 0; i < steps + 5; i++)
    {
        using var scope = NewDisposeScope();
        var y = op();
        var dy = ones_like(y);
        var clock = Stopwatch.StartNew();
        y.backward([dy]);
        times.Add(clock.Elapsed.TotalMilliseconds);
    }

    Console.WriteLine($"bwd    {name,-28} {Median(times),8:F3}");
}

using var noGrad = no_grad();
using var x2 = x.detach().reshape(b * t, h);
using var f2 = hF.detach().reshape(b * t, f);
var ops = new (string Name, Func<Tensor> Op)[]
{
    ("embedding", () => embedding.call(inputs)),
    ("arange+pos embedding", () => positionTable.call(arange(0, t, dtype: ScalarType.Int64))),
    ("add [B,T,H]", () => x + x),
    ("layer_norm", () => norm.call(x)),
    ("linear H->H", () => nn.functional.linear(x, wHH)),
    ("linear H->F", () => nn.functional.linear(x, wFH)),
    ("linear F->H", () => nn.functional.linear(hF, wHF)),
    ("linear H->V (head)", () => nn.functional.linear(x, wVH)),
    ("view+transpose", () => x.view(b, t, heads, -1).transpose(1, 2)),
    ("q @ k^T", () => q.matmul(k.transpose(-2, -1))),
    ("* scale", () => scores * scale),
    ("mask ones+triu", () => ones(t, t, dtype: ScalarType.Bool).triu(1)),
    ("masked_fill", () => scores.masked_fill(causal, float.NegativeInfinity)),
    ("softmax", () => scores.softmax(-1)),
    ("p @ v", () => scores.matmul(k)),
    ("transpose+contiguous+view", () => q.transpose(1, 2).contiguous().view(b, t, h)),
    ("silu", () => nn.functional.silu(hF)),
    ("mul [B,T,F]", () => hF * hF),
    ("cross_entropy", () => nn.functional.cross_entropy(logitsIn, targets)),
    ("bwd dW H->H: gT @ x", () => x2.t().mm(x2)),
    ("bwd dW H->F: gT @ x", () => f2.t().mm(x2)),
    ("bwd dW F->H: gT @ h", () => x2.t().mm(f2)),
    ("bwd dX H->F: g @ W", () => f2.mm(wFH)),
    ("bwd dX F->H: g @ W", () => x2.mm(wHF)),
    ("bwd dX H->H: g @ W", () => x2.mm(wHH)),
};
foreach (var (name, op) in ops)
{
    var times = new List<double>();
    for (var i = 0; i < steps + 5; i++)
    {
        using var scope = NewDisposeScope();
        var clock = Stopwatch.StartNew();
        op();
        times.Add(clock.Elapsed.TotalMilliseconds);
    }

    Console.WriteLine($"op     {name,-28} {Median(times),8:F3}");
}
