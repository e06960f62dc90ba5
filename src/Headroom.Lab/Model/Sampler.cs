using TorchSharp;
using static TorchSharp.torch;

namespace Headroom.Lab.Model;

/// <summary>How responses are sampled: temperature 0 is greedy; top-p keeps the smallest nucleus of mass ≥ p.</summary>
internal sealed record SamplingSettings(double Temperature, double TopP, int BatchSize);

/// <summary>
/// Batched sampling with a KV cache. Prompts of equal length share a batch, so no padding or position
/// shifting is needed; batches run in a fixed order and every draw comes from the caller's generator,
/// so the same generator state gives the same responses.
/// </summary>
internal static class Sampler
{
    /// <summary>The response text (up to and including '$', or cut at the block size) for each prompt.</summary>
    public static string[] Generate(Gpt model, IReadOnlyList<string> prompts, SamplingSettings settings, Generator generator)
    {
        var responses = new string[prompts.Count];
        var wasTraining = model.training;
        model.eval();
        using (no_grad())
        {
            var byLength = Enumerable.Range(0, prompts.Count).GroupBy(i => prompts[i].Length).OrderBy(g => g.Key);
            foreach (var group in byLength)
            {
                foreach (var chunk in group.Chunk(settings.BatchSize))
                {
                    var texts = GenerateBatch(model, [.. chunk.Select(i => prompts[i])], settings, generator);
                    for (var j = 0; j < chunk.Length; j++)
                    {
                        responses[chunk[j]] = texts[j];
                    }
                }
            }
        }

        model.train(wasTraining);
        return responses;
    }

    private static string[] GenerateBatch(Gpt model, string[] prompts, SamplingSettings settings, Generator generator)
    {
        var batch = prompts.Length;
        var generated = Enumerable.Range(0, batch).Select(_ => new List<long>()).ToArray();
        var done = new bool[batch];
        using var cache = new KvCache(model.Config.Layers);
        var input = prompts.SelectMany(CharTokenizer.Encode).ToArray();
        var inputLength = prompts[0].Length;
        while (cache.Length + inputLength <= model.Config.BlockSize && !done.All(d => d))
        {
            using var scope = NewDisposeScope();
            var logits = model.Decode(tensor(input, [batch, inputLength]), cache)[.., -1, ..];
            input = NextTokens(logits, settings, generator);
            inputLength = 1;
            for (var row = 0; row < batch; row++)
            {
                if (!done[row])
                {
                    generated[row].Add(input[row]);
                    done[row] = input[row] == CharTokenizer.EndToken;
                }
            }
        }

        return [.. generated.Select(CharTokenizer.Decode)];
    }

    /// <summary>One token per row from logits [B, V]: argmax at temperature 0, else nucleus sampling.</summary>
    public static long[] NextTokens(Tensor logits, SamplingSettings settings, Generator generator)
    {
        if (settings.Temperature <= 0)
        {
            return logits.argmax(-1).data<long>().ToArray();
        }

        // Explicit Scalars: TorchSharp leaves implicitly converted ones to the finalizer.
        using var temperature = settings.Temperature.ToScalar();
        using var topP = settings.TopP.ToScalar();
        using var zero = 0.0.ToScalar();
        var probabilities = (logits / temperature).softmax(-1);
        var (sorted, order) = probabilities.sort(-1, descending: true);
        var massBefore = sorted.cumsum(-1) - sorted; // mass of the strictly more likely tokens
        var kept = sorted.masked_fill(massBefore >= topP, zero);
        var choice = multinomial(kept, 1, generator: generator); // multinomial renormalises each row
        return order.gather(-1, choice).flatten().data<long>().ToArray();
    }
}
