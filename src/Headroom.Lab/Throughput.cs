using System.Diagnostics;
using Headroom.Core.Compute;
using Headroom.Lab.Internal.Torch;
using Headroom.Lab.Model;
using Headroom.Lab.Training;
using static TorchSharp.torch;

namespace Headroom.Lab;

/// <summary>Training and sampling speed of one model at fixed shapes (for bench/lab-throughput.sh).</summary>
/// <param name="Model">The model measured: a preset (tiny, small, full) or a model size (0.2M, 1M, 5M).</param>
/// <param name="Parameters">Model parameters.</param>
/// <param name="Threads">Torch threads.</param>
/// <param name="TrainTokensPerSecond">Tokens through forward, backward, clipping and AdamW per second.</param>
/// <param name="SampleTokensPerSecond">New tokens per second when sampling a batch with the KV cache.</param>
/// <param name="TrainFlopsPerToken">3 F_fwd(S) at the training sequence length (framework.md §6).</param>
/// <param name="SampleFlopsPerToken">F_fwd at the mean context length of sampling.</param>
public sealed record ThroughputResult(string Model, long Parameters, int Threads, double TrainTokensPerSecond, double SampleTokensPerSecond, double TrainFlopsPerToken, double SampleFlopsPerToken);

/// <summary>
/// Measures the lab model's throughput on random tokens, with exactly the ops of the trainer and the
/// sampler; bench/lab/gpt_torch.py runs the same shapes and ops in PyTorch for comparison.
/// </summary>
public static class Throughput
{
    /// <summary>Times <paramref name="steps"/> training steps (after 3 warmup steps) and one sampling batch of <paramref name="model"/> (a preset or model size name; an unknown name throws <see cref="LabException"/>).</summary>
    public static ThroughputResult Measure(string model, int threads, int batchSize = 32, int sequenceLength = 64, int steps = 30, int sampleBatch = 128, int promptLength = 16, int newTokens = 48)
    {
        var config = ModelSizes.Resolve(model, LabPreset.Tiny);
        TorchRuntime.UseThreads(threads);
        using var gpt = new Llama(config, seed: 0);
        var parameters = gpt.parameters().ToArray();
        using var optimizer = optim.AdamW(parameters, 1e-3, 0.9, 0.99);
        using var generator = new Generator(0);
        using var tokens = randint(1, config.Vocabulary, [batchSize, sequenceLength + 1], generator: generator);
        using var inputs = tokens[.., ..sequenceLength];
        using var targets = tokens[.., 1..].flatten();
        var clock = new Stopwatch();
        for (var step = 0; step < steps + 3; step++)
        {
            if (step == 3)
            {
                clock.Start();
            }

            using (NewDisposeScope())
            {
                var loss = nn.functional.cross_entropy(gpt.call(inputs).flatten(0, 1), targets);
                loss.backward();
                nn.utils.clip_grad_norm_(parameters, 1.0);
                optimizer.step();
                optimizer.zero_grad();
                _ = loss.item<float>();
            }

            TorchRuntime.ReleaseFinalizableNatives(); // as the trainer does after every step
        }

        var trainRate = (double)steps * batchSize * sequenceLength / clock.Elapsed.TotalSeconds;
        var sampleRate = SampleRate(gpt, generator, sampleBatch, promptLength, newTokens);
        var dimensions = config.Dimensions;
        return new ThroughputResult(model, gpt.ParameterCount, threads, trainRate, sampleRate,
            3 * ForwardFlops.PerToken(dimensions, sequenceLength), ForwardFlops.PerToken(dimensions, promptLength + newTokens / 2.0));
    }

    private static double SampleRate(Llama model, Generator generator, int batch, int promptLength, int newTokens)
    {
        model.eval();
        using var _ = no_grad();
        var settings = new SamplingSettings(1.0, 1.0, batch);
        var clock = Stopwatch.StartNew();
        using var cache = new KvCache(model.Config.Layers);
        var input = randint(1, model.Config.Vocabulary, [batch, promptLength], generator: generator).data<long>().ToArray();
        for (var t = 0; t < newTokens; t++)
        {
            using var scope = NewDisposeScope();
            var logits = model.Decode(tensor(input, [batch, t == 0 ? promptLength : 1]), cache)[.., -1, ..];
            input = Sampler.NextTokens(logits, settings, generator).Tokens;
        }

        return (double)batch * newTokens / clock.Elapsed.TotalSeconds;
    }
}
