using Headroom.Lab.Model;
using static TorchSharp.torch;

namespace Headroom.Lab.Rl;

/// <summary>
/// Rollouts as a right-padded training batch: inputs [N, L−1] = prompt + response without its last
/// token, targets [N, L−1] the next tokens, and on the positions that predict response tokens the mask
/// (1), the rollout's log-probabilities (π_old) and, per row, its advantage. Response token j of a prompt
/// of length P is predicted at position P − 1 + j.
/// </summary>
internal sealed record RolloutBatch(Tensor Inputs, Tensor Targets, Tensor Mask, Tensor OldLogProbs, Tensor Advantages)
{
    public static RolloutBatch Create(IReadOnlyList<Rollout> rollouts, IReadOnlyList<float> advantages)
    {
        var length = rollouts.Max(r => r.Prompt.Length + r.Tokens.Length) - 1;
        var rows = rollouts.Count;
        var inputs = new long[rows * length];
        var targets = new long[rows * length];
        var mask = new float[rows * length];
        var old = new float[rows * length];
        for (var row = 0; row < rows; row++)
        {
            var rollout = rollouts[row];
            var sequence = CharTokenizer.Encode(rollout.Prompt).Concat(rollout.Tokens).ToArray();
            var offset = row * length;
            for (var t = 0; t < sequence.Length - 1; t++)
            {
                inputs[offset + t] = sequence[t];
                targets[offset + t] = sequence[t + 1];
            }

            for (var j = 0; j < rollout.Tokens.Length; j++)
            {
                var position = offset + rollout.Prompt.Length - 1 + j;
                mask[position] = 1;
                old[position] = rollout.LogProbs[j];
            }
        }

        return new RolloutBatch(
            tensor(inputs, [rows, length]), tensor(targets, [rows, length]), tensor(mask, [rows, length]), tensor(old, [rows, length]), tensor(advantages.ToArray()));
    }
}
