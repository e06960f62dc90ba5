using System.Diagnostics;
using Headroom.Core.Compute;
using Headroom.Lab.Internal.Torch;
using Headroom.Lab.Model;
using Headroom.Lab.Rl;
using Headroom.Lab.Training;
using Headroom.Lab.World;
using static TorchSharp.torch;

namespace Headroom.Lab;

/// <summary>Training and sampling speed of one model at fixed shapes (for bench/lab-throughput.sh).</summary>
/// <param name="Model">The model measured: a preset (tiny, small, full) or a model size (0.2M, 1M, 5M).</param>
/// <param name="Parameters">Model parameters.</param>
/// <param name="Threads">Torch threads.</param>
/// <param name="TrainTokensPerSecond">Tokens through forward, backward, clipping and AdamW per second.</param>
/// <param name="SampleTokensPerSecond">New tokens per second when sampling a batch with the KV cache.</param>
/// <param name="SampleNoCacheTokensPerSecond">New tokens per second when every token reruns the whole sequence.</param>
/// <param name="TrainFlopsPerToken">3 F_fwd(S) at the training sequence length (framework.md §6).</param>
/// <param name="SampleFlopsPerToken">F_fwd at the mean context length of sampling.</param>
public sealed record ThroughputResult(string Model, long Parameters, int Threads, double TrainTokensPerSecond, double SampleTokensPerSecond, double SampleNoCacheTokensPerSecond, double TrainFlopsPerToken, double SampleFlopsPerToken);

/// <summary>One RL step of the real trainer split into its phases (means over the measured steps).</summary>
/// <param name="Model">The model folder or size measured.</param>
/// <param name="Threads">Torch threads.</param>
/// <param name="Rollouts">Rollouts per step (prompts × group).</param>
/// <param name="MeanResponseTokens">Mean response length of the rollouts.</param>
/// <param name="SamplingSeconds">Generating the rollouts with their log-probabilities (KV cache).</param>
/// <param name="ScoringSeconds">Verifying the answers.</param>
/// <param name="TrainingSeconds">Advantages, forward, backward, clipping and the AdamW step.</param>
/// <param name="StepSeconds">The whole step, logging included.</param>
public sealed record RlStepTiming(string Model, int Threads, int Rollouts, double MeanResponseTokens, double SamplingSeconds, double ScoringSeconds, double TrainingSeconds, double StepSeconds);

/// <summary>
/// Measures the lab model's throughput on random tokens, with exactly the ops of the trainer and the
/// sampler; bench/lab/llama_torch.py runs the same shapes and ops in PyTorch for comparison.
/// </summary>
public static class Throughput
{
    /// <summary>Times <paramref name="steps"/> training steps (after 3 warmup steps) and one sampling batch, with and without the KV cache, of <paramref name="model"/> (a preset or model size name; an unknown name throws <see cref="LabException"/>).</summary>
    public static ThroughputResult Measure(string model, int threads, int batchSize = 32, int sequenceLength = 64, int steps = 30, int sampleBatch = 128, int promptLength = 16, int newTokens = 48)
    {
        var config = ModelSizes.Resolve(model, LabPreset.Tiny);
        TorchRuntime.UseThreads(threads);
        using var llama = new Llama(config, seed: 0);
        var parameters = llama.parameters().ToArray();
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

            using (CollectionHold.Begin())
            using (NewDisposeScope())
            {
                var loss = nn.functional.cross_entropy(llama.call(inputs).flatten(0, 1), targets);
                loss.backward();
                nn.utils.clip_grad_norm_(parameters, 1.0);
                optimizer.step();
                optimizer.zero_grad();
                _ = loss.item<float>();
            }

            TorchRuntime.ReleaseFinalizableNatives(); // as the trainer does after every step
        }

        var trainRate = (double)steps * batchSize * sequenceLength / clock.Elapsed.TotalSeconds;
        var cached = SampleRate(llama, generator, sampleBatch, promptLength, newTokens, useCache: true);
        var uncached = SampleRate(llama, generator, sampleBatch, promptLength, newTokens, useCache: false);
        var dimensions = config.Dimensions;
        return new ThroughputResult(model, llama.ParameterCount, threads, trainRate, cached, uncached,
            3 * ForwardFlops.PerToken(dimensions, sequenceLength), ForwardFlops.PerToken(dimensions, promptLength + newTokens / 2.0));
    }

    /// <summary>
    /// Runs the RL trainer (GRPO) for <paramref name="steps"/> + 1 steps from <paramref name="model"/> (a model
    /// folder such as a lab's base/, or a size name for fresh weights) on prompts of the world's training
    /// shape, and returns the mean phase times of all steps but the first (warmup).
    /// </summary>
    public static RlStepTiming MeasureRlStep(string model, int threads, int prompts = 16, int group = 8, int steps = 3, int maxNewTokens = 112)
    {
        var folder = Path.Combine(Path.GetTempPath(), "headroom-rl-step-" + Guid.NewGuid().ToString("N"));
        try
        {
            TorchRuntime.UseThreads(threads);
            var start = Directory.Exists(model) ? model : Path.Combine(folder, "start");
            if (!Directory.Exists(model))
            {
                using var fresh = new Llama(ModelSizes.Resolve(model, LabPreset.Tiny), seed: 0);
                Checkpoints.WriteModel(start, fresh);
            }

            var shape = HfModelConfig.Read(Path.Combine(start, HfModelConfig.FileName));
            var random = new SplitMix64(1);
            var pool = Enumerable.Range(0, prompts * (steps + 1)).Select(_ => WorldDraft.TrainShape.Draw(random)).ToList();
            var probe = new Benchmark("probe", "none", WorldDraft.TrainShape, [pool[0]], 1);
            var config = new RlConfig { MaxSteps = steps + 1, PromptsPerStep = prompts, Group = group, EvalInterval = 1_000_000, MaxNewTokens = maxNewTokens };
            var run = new RlRun(Path.Combine(folder, "run"), shape, config, RlAlgorithm.Grpo, pool, [probe], Seed: 1, threads, start, World: folder);
            RlTrainer.Run(run);
            var measured = new VerlFileLog(run.LogPath).Read().Where(e => e.Step >= 2).Select(e => e.Data).ToList();
            double Mean(string key) => measured.Average(d => d[key]);
            return new RlStepTiming(model, threads, prompts * group, Mean("response_length/mean"), Mean("timing_s/gen"), Mean("timing_s/reward"), Mean("timing_s/update_actor"), Mean("timing_s/step") - measured.Average(d => d.GetValueOrDefault("timing_s/testing", 0)));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static double SampleRate(Llama model, Generator generator, int batch, int promptLength, int newTokens, bool useCache)
    {
        var prompts = Enumerable.Range(0, batch).Select(_ => new string('1', promptLength)).ToList();
        var settings = new SamplingSettings(1.0, 1.0, batch, newTokens, useCache);
        var clock = Stopwatch.StartNew();
        var rollouts = Sampler.Rollouts(model, prompts, settings, generator);
        return (double)batch * rollouts.Max(r => r.Tokens.Length) / clock.Elapsed.TotalSeconds; // every row is decoded until the last one stops
    }
}
