using Headroom.Lab.Model;
using static TorchSharp.torch;

namespace Headroom.Lab.Training;

/// <summary>
/// A padded batch for next-token training with the loss on the response only: inputs [B, T-1] and
/// targets [B, T-1] where prompt and padding positions hold the ignore index -100.
/// </summary>
internal sealed record Batch(Tensor Inputs, Tensor Targets, long Tokens, long TargetTokens, double MeanLength)
{
    /// <summary>The value cross-entropy skips.</summary>
    public const long Ignore = -100;

    /// <summary>Builds the batch of <paramref name="examples"/>, padded to the longest one.</summary>
    public static Batch Create(IReadOnlyList<Example> examples)
    {
        var length = examples.Max(e => e.Length);
        var inputs = new long[examples.Count * (length - 1)];
        var targets = new long[inputs.Length];
        Array.Fill(targets, Ignore);
        long targetTokens = 0;
        for (var row = 0; row < examples.Count; row++)
        {
            var tokens = CharTokenizer.Encode(examples[row].Prompt + examples[row].Response);
            var offset = row * (length - 1);
            for (var t = 0; t < tokens.Length - 1; t++)
            {
                inputs[offset + t] = tokens[t];
                if (t + 1 >= examples[row].Prompt.Length)
                {
                    targets[offset + t] = tokens[t + 1];
                    targetTokens++;
                }
            }
        }

        var realTokens = examples.Sum(e => (long)e.Length);
        return new Batch(tensor(inputs, [examples.Count, length - 1]), tensor(targets, [examples.Count, length - 1]), realTokens, targetTokens, (double)realTokens / examples.Count);
    }
}
