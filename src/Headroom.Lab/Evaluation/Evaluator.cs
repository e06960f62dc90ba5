using Headroom.Lab.Internal.Torch;
using Headroom.Lab.Model;
using Headroom.Lab.Training;
using Headroom.Lab.World;
using static TorchSharp.torch;

namespace Headroom.Lab.Evaluation;

/// <summary>Validation loss and benchmark accuracy of a model (in eval mode, without gradients).</summary>
internal static class Evaluator
{
    /// <summary>Mean cross-entropy per response token over all of <paramref name="examples"/>; NaN when empty.</summary>
    public static double ValidationLoss(Llama model, IReadOnlyList<Example> examples, int batchSize)
    {
        double total = 0;
        long tokens = 0;
        var wasTraining = model.training;
        model.eval();
        using (no_grad())
        {
            foreach (var chunk in examples.Chunk(batchSize))
            {
                using var hold = CollectionHold.Begin();
                using var scope = NewDisposeScope();
                var batch = Batch.Create(chunk);
                var logits = model.call(batch.Inputs);
                var loss = nn.functional.cross_entropy(logits.flatten(0, 1), batch.Targets.flatten(), ignore_index: Batch.Ignore, reduction: nn.Reduction.Sum);
                total += loss.item<float>();
                tokens += batch.TargetTokens;
            }
        }

        model.train(wasTraining);
        return tokens == 0 ? double.NaN : total / tokens;
    }

    /// <summary>Samples every benchmark problem SamplesPerProblem times and verifies each answer exactly.</summary>
    public static EvaluationScores Score(Llama model, IReadOnlyList<Benchmark> benchmarks, SamplingSettings settings, Generator generator)
    {
        var prompts = benchmarks.SelectMany(b => b.Problems.SelectMany(p => Enumerable.Repeat(p.Prompt, b.SamplesPerProblem))).ToList();
        var responses = Sampler.Generate(model, prompts, settings, generator);
        var scores = new List<BenchmarkScore>();
        var next = 0;
        foreach (var benchmark in benchmarks)
        {
            var correct = new int[benchmark.Problems.Count];
            for (var p = 0; p < correct.Length; p++)
            {
                for (var s = 0; s < benchmark.SamplesPerProblem; s++)
                {
                    correct[p] += Verifier.IsCorrect(benchmark.Problems[p], responses[next++]) ? 1 : 0;
                }
            }

            scores.Add(BenchmarkScore.Of(benchmark.Name, correct, benchmark.SamplesPerProblem));
        }

        return new EvaluationScores(scores);
    }
}
