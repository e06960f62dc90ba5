using TorchSharp;
using static TorchSharp.torch;

namespace Headroom.Lab.Model;

/// <summary>How responses are sampled: temperature 0 is greedy; top-p keeps the smallest nucleus of mass ≥ p.</summary>
/// <param name="Temperature">Logits are divided by it (0: argmax).</param>
/// <param name="TopP">Nucleus mass (1: the whole distribution).</param>
/// <param name="BatchSize">Prompts decoded together.</param>
/// <param name="MaxNewTokens">Longest response; also cut where prompt + response reaches the block size.</param>
/// <param name="UseKvCache">Decode each new token against cached keys and values (false: rerun the whole sequence, for the benchmark).</param>
internal sealed record SamplingSettings(double Temperature, double TopP, int BatchSize, int MaxNewTokens = int.MaxValue, bool UseKvCache = true);

/// <summary>One sampled response: its tokens, each token's log-probability under the sampling policy softmax(logits / T), and whether it ended with '$'.</summary>
internal sealed record Rollout(string Prompt, long[] Tokens, float[] LogProbs, bool Finished)
{
    public string Text => CharTokenizer.Decode(Tokens);
}

/// <summary>
/// Batched sampling, with a KV cache by default. Prompts of equal length share a batch, so no padding or
/// position shifting is needed; batches run in a fixed order and every draw comes from the caller's
/// generator, so the same generator state gives the same responses. Runs without gradients.
/// </summary>
internal static class Sampler
{
    /// <summary>The response text (up to and including '$', or cut at the length limit) for each prompt.</summary>
    public static string[] Generate(Llama model, IReadOnlyList<string> prompts, SamplingSettings settings, Generator generator)
        => [.. Rollouts(model, prompts, settings, generator).Select(r => r.Text)];

    /// <summary>Token ids and per-token log-probabilities of one sampled response per prompt, in prompt order.</summary>
    public static Rollout[] Rollouts(Llama model, IReadOnlyList<string> prompts, SamplingSettings settings, Generator generator)
    {
        var rollouts = new Rollout[prompts.Count];
        var wasTraining = model.training;
        model.eval();
        using (no_grad())
        {
            var byLength = Enumerable.Range(0, prompts.Count).GroupBy(i => prompts[i].Length).OrderBy(g => g.Key);
            foreach (var group in byLength)
            {
                foreach (var chunk in group.Chunk(settings.BatchSize))
                {
                    var batch = GenerateBatch(model, [.. chunk.Select(i => prompts[i])], settings, generator);
                    for (var j = 0; j < chunk.Length; j++)
                    {
                        rollouts[chunk[j]] = batch[j];
                    }
                }
            }
        }

        model.train(wasTraining);
        return rollouts;
    }

    private static Rollout[] GenerateBatch(Llama model, string[] prompts, SamplingSettings settings, Generator generator)
    {
        var batch = prompts.Length;
        var promptLength = prompts[0].Length;
        var tokens = Enumerable.Range(0, batch).Select(_ => new List<long>()).ToArray();
        var logProbs = Enumerable.Range(0, batch).Select(_ => new List<float>()).ToArray();
        var done = new bool[batch];
        using var cache = settings.UseKvCache ? new KvCache(model.Config.Layers) : null;
        var sequence = prompts.SelectMany(CharTokenizer.Encode).ToList(); // [B * T] row-major, grows by one column per token (no-cache path)
        var input = sequence.ToArray();
        var inputLength = promptLength;
        var limit = Math.Min(settings.MaxNewTokens, model.Config.BlockSize - promptLength);
        for (var t = 0; t < limit && !done.All(d => d); t++)
        {
            using var scope = NewDisposeScope();
            var logits = model.Decode(tensor(input, [batch, inputLength]), cache)[.., -1, ..];
            var (next, nextLogProbs) = NextTokens(logits, settings, generator);
            for (var row = 0; row < batch; row++)
            {
                if (!done[row])
                {
                    tokens[row].Add(next[row]);
                    logProbs[row].Add(nextLogProbs[row]);
                    done[row] = next[row] == CharTokenizer.EndToken;
                }
            }

            if (cache is not null)
            {
                (input, inputLength) = (next, 1);
            }
            else
            {
                inputLength++;
                input = [.. Enumerable.Range(0, batch).SelectMany(row => input.Skip(row * (inputLength - 1)).Take(inputLength - 1).Append(next[row]))];
            }
        }

        return [.. Enumerable.Range(0, batch).Select(row => new Rollout(prompts[row], [.. tokens[row]], [.. logProbs[row]], done[row]))];
    }

    /// <summary>One token per row from logits [B, V] and its log-probability under softmax(logits / T): argmax at temperature 0 (log-probability at T = 1), else nucleus sampling.</summary>
    public static (long[] Tokens, float[] LogProbs) NextTokens(Tensor logits, SamplingSettings settings, Generator generator)
    {
        if (settings.Temperature <= 0)
        {
            var best = logits.argmax(-1, keepdim: true);
            return (best.flatten().data<long>().ToArray(), logits.log_softmax(-1).gather(-1, best).flatten().data<float>().ToArray());
        }

        // Explicit Scalars: TorchSharp leaves implicitly converted ones to the finalizer.
        using var temperature = settings.Temperature.ToScalar();
        using var topP = settings.TopP.ToScalar();
        using var zero = 0.0.ToScalar();
        var scaled = logits / temperature;
        var probabilities = scaled.softmax(-1);
        var (sorted, order) = probabilities.sort(-1, descending: true);
        var massBefore = sorted.cumsum(-1) - sorted; // mass of the strictly more likely tokens
        var kept = sorted.masked_fill(massBefore >= topP, zero);
        var choice = order.gather(-1, multinomial(kept, 1, generator: generator)); // multinomial renormalises each row
        return (choice.flatten().data<long>().ToArray(), scaled.log_softmax(-1).gather(-1, choice).flatten().data<float>().ToArray());
    }
}
