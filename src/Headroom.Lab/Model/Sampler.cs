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
/// Batched sampling, with a KV cache by default. Prompts are batched in order of length (shortest first, ties in
/// prompt order) and a batch's shorter prompts are left-padded (<see cref="Llama.Decode"/>), so a set of prompts of
/// many lengths runs in few, full batches, and finished responses leave their batch a quarter of it at a time, so the
/// rest decode in a smaller one. Batches run in a fixed order and every draw comes from the caller's generator, so the
/// same generator state gives the same responses. Runs without gradients.
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
            var byLength = Enumerable.Range(0, prompts.Count).OrderBy(i => prompts[i].Length);
            foreach (var chunk in byLength.Chunk(settings.BatchSize))
            {
                var batch = GenerateBatch(model, [.. chunk.Select(i => prompts[i])], settings, generator);
                for (var j = 0; j < chunk.Length; j++)
                {
                    rollouts[chunk[j]] = batch[j];
                }
            }
        }

        model.train(wasTraining);
        return rollouts;
    }

    private static Rollout[] GenerateBatch(Llama model, string[] prompts, SamplingSettings settings, Generator generator)
    {
        var batch = prompts.Length;
        var tokens = Enumerable.Range(0, batch).Select(_ => new List<long>()).ToArray();
        var logProbs = Enumerable.Range(0, batch).Select(_ => new List<float>()).ToArray();
        var ended = new bool[batch];
        // A response is cut where its own prompt + response reaches the block size.
        var limits = prompts.Select(p => Math.Min(settings.MaxNewTokens, model.Config.BlockSize - p.Length)).ToArray();
        var done = limits.Select(limit => limit <= 0).ToArray();
        using var cache = settings.UseKvCache ? new KvCache(model.Config.Layers) : null;
        // The prompt of each row still in the batch; rows leave it as they finish (see below).
        var rows = Enumerable.Range(0, batch).Where(row => !done[row]).ToArray();
        var inputLength = rows.Length == 0 ? 0 : rows.Max(row => prompts[row].Length);
        var padding = rows.Select(row => (long)(inputLength - prompts[row].Length)).ToArray();
        var leftPadding = padding.Any(p => p > 0) ? tensor(padding) : null;
        // [rows * T] row-major, left-padded; grows by one column per token (no-cache path)
        var input = rows.SelectMany(row => Enumerable.Repeat((long)CharTokenizer.Padding, inputLength - prompts[row].Length).Concat(CharTokenizer.Encode(prompts[row]))).ToArray();
        try
        {
            while (rows.Length > 0)
            {
                using var scope = NewDisposeScope();
                var logits = model.Decode(tensor(input, [rows.Length, inputLength]), cache, leftPadding)[.., -1, ..];
                var (next, nextLogProbs) = NextTokens(logits, settings, generator);
                for (var slot = 0; slot < rows.Length; slot++)
                {
                    var row = rows[slot];
                    if (done[row])
                    {
                        continue; // finished, waiting for a quarter of the batch to leave with it
                    }

                    tokens[row].Add(next[slot]);
                    logProbs[row].Add(nextLogProbs[slot]);
                    ended[row] = next[slot] == CharTokenizer.EndToken;
                    done[row] = ended[row] || tokens[row].Count == limits[row];
                }

                if (cache is not null)
                {
                    (input, inputLength) = (next, 1);
                }
                else
                {
                    inputLength++;
                    input = [.. Enumerable.Range(0, rows.Length).SelectMany(slot => input.Skip(slot * (inputLength - 1)).Take(inputLength - 1).Append(next[slot]))];
                }

                // Finished rows leave the batch once they are a quarter of it, so the rest decode in a smaller one.
                var finished = rows.Count(row => done[row]);
                if (finished > 0 && (4 * finished >= rows.Length || finished == rows.Length))
                {
                    var kept = Enumerable.Range(0, rows.Length).Where(slot => !done[rows[slot]]).ToArray();
                    input = [.. kept.SelectMany(slot => input.Skip(slot * inputLength).Take(inputLength))];
                    rows = [.. kept.Select(slot => rows[slot])];
                    if (rows.Length > 0)
                    {
                        using var keep = tensor(kept.Select(slot => (long)slot).ToArray());
                        cache?.Keep(keep);
                        var keptPadding = leftPadding?.index_select(0, keep).DetachFromDisposeScope();
                        leftPadding?.Dispose();
                        leftPadding = keptPadding;
                    }
                }
            }
        }
        finally
        {
            leftPadding?.Dispose();
        }

        return [.. Enumerable.Range(0, batch).Select(row => new Rollout(prompts[row], [.. tokens[row]], [.. logProbs[row]], ended[row]))];
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
