using Headroom.Lab.Internal.Torch;
using Headroom.Lab.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Headroom.Lab.Rl;

/// <summary>
/// One step's policy update, whatever the objective: the rows split into mini-batches, each a forward pass
/// at the sampling temperature, the objective's loss, backward, clip, AdamW step. The logged terms are
/// averaged over mini-batches (a term a mini-batch could not form, NaN, is left out of its mean).
/// </summary>
internal static class PolicyUpdate
{
    public static UpdateStats Run(Llama model, Llama? reference, OptimizerHelper optimizer, Parameter[] parameters, StepRows step, RlConfig config, IRlObjective objective)
    {
        var rows = step.Rows;
        var batches = Enumerable.Range(0, rows.Count).Chunk((int)Math.Ceiling(rows.Count / (double)config.MiniBatches)).ToList();
        var sums = new SortedDictionary<string, (double Sum, int Count)>(StringComparer.Ordinal);
        using var temperature = config.Temperature.ToScalar();
        foreach (var indices in batches)
        {
            using var hold = CollectionHold.Begin();
            using var scope = NewDisposeScope();
            var batch = TrainingBatch.Create([.. indices.Select(i => rows[i])]);
            var rollouts = batch.Rollouts;
            var logProbsAll = (model.call(rollouts.Inputs) / temperature).log_softmax(-1);
            var logProbs = logProbsAll.gather(-1, rollouts.Targets.unsqueeze(-1)).squeeze(-1);
            Tensor entropy, referenceLogProbs = null!;
            using (no_grad())
            {
                entropy = -(logProbsAll.exp() * logProbsAll).sum(-1);
                if (reference is not null)
                {
                    referenceLogProbs = (reference.call(rollouts.Inputs) / temperature).log_softmax(-1).gather(-1, rollouts.Targets.unsqueeze(-1)).squeeze(-1);
                }
            }

            var inputs = new LossInputs(logProbs, rollouts.OldLogProbs, rollouts.Advantages, rollouts.Mask, batch.ExpertMask, batch.Rewards, entropy, reference is null ? null : referenceLogProbs);
            var loss = objective.Loss(inputs, config);
            loss.Loss.backward();
            var gradNorm = nn.utils.clip_grad_norm_(parameters, config.GradClip);
            optimizer.step();
            optimizer.zero_grad();
            foreach (var (key, value) in loss.Metrics)
            {
                Add(sums, key, value);
            }

            Add(sums, "actor/loss", loss.Loss.item<float>());
            Add(sums, "actor/grad_norm", gradNorm);
            Add(sums, "actor/entropy", PolicyEntropy(inputs));
        }

        var metrics = sums.ToDictionary(p => p.Key, p => p.Value.Count > 0 ? p.Value.Sum / p.Value.Count : double.NaN);
        foreach (var (key, value) in step.Metrics)
        {
            metrics[key] = value;
        }

        var expert = rows.Where(r => r.IsExpert).ToList();
        var onPolicy = rows.Where(r => !r.IsExpert).ToList();
        return new UpdateStats(metrics, [.. rows.Select(r => r.Advantage)], onPolicy.Count, expert.Count, onPolicy.Sum(r => (long)r.Sequence), expert.Sum(r => (long)r.Sequence));
    }

    /// <summary>The token-mean entropy of the policy on the tokens it sampled (on every response token when it sampled none).</summary>
    public static double PolicyEntropy(LossInputs inputs)
    {
        using var _ = no_grad();
        var onPolicy = inputs.OnPolicyMask;
        var mask = onPolicy.sum().item<float>() > 0 ? onPolicy : inputs.Mask;
        return ((inputs.Entropy * mask).sum() / mask.sum().clamp_min(1)).item<float>();
    }

    private static void Add(SortedDictionary<string, (double Sum, int Count)> sums, string key, double value)
    {
        var (sum, count) = sums.GetValueOrDefault(key);
        sums[key] = double.IsFinite(value) ? (sum + value, count + 1) : (sum, count);
    }
}
