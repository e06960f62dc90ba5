using static TorchSharp.torch;

namespace Headroom.Lab.Rl;

/// <summary>
/// Training rows as tensors: <see cref="RolloutBatch"/>'s inputs, targets, response mask, π_old and
/// advantages, plus the mask of the response tokens the expert wrote [N, T] and each row's reward [N].
/// </summary>
internal sealed record TrainingBatch(RolloutBatch Rollouts, Tensor ExpertMask, Tensor Rewards)
{
    public static TrainingBatch Create(IReadOnlyList<TrainingRow> rows)
    {
        var rollouts = RolloutBatch.Create([.. rows.Select(r => r.Rollout)], [.. rows.Select(r => r.Advantage)]);
        var length = (int)rollouts.Mask.shape[1];
        var expert = new float[rows.Count * length];
        for (var row = 0; row < rows.Count; row++)
        {
            // Response token j is predicted at position P − 1 + j, as in RolloutBatch.
            var start = row * length + rows[row].Rollout.Prompt.Length - 1;
            Array.Fill(expert, 1f, start, rows[row].ExpertTokens);
        }

        return new TrainingBatch(rollouts, tensor(expert, [rows.Count, length]), tensor(rows.Select(r => (float)r.Reward).ToArray()));
    }
}
