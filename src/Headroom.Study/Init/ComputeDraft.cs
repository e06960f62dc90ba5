using System.Globalization;
using Headroom.Ingest;

namespace Headroom.Study;

/// <summary>
/// The `compute:` line `headroom init` writes for a run, from what its logs and config say: an SFT run's logged
/// cumulative tokens, or its tokens per step when the config fixes them (packed sequences of the maximum length
/// times the global batch); an RL run's DAPO generation rounds and generation-to-training batch ratio. What cannot
/// be inferred becomes a `# TODO compute:` line naming what was found.
/// </summary>
internal static class ComputeDraft
{
    private static readonly string[] _maxLengthKeys = ["max_seq_length", "max_length", "cutoff_len", "data.max_length", "model_max_length"];
    private static readonly string[] _batchKeys = ["per_device_train_batch_size", "micro_batch_size", "data.micro_batch_size_per_gpu"];
    private static readonly string[] _accumulationKeys = ["gradient_accumulation_steps"];
    private static readonly string[] _worldKeys = ["world_size", "n_gpus", "num_processes"];

    /// <summary>The SFT run's compute line (with its indentation and newline) and a finding.</summary>
    public static (string Line, string Finding) Sft(RunLog run, IReadOnlyDictionary<string, string> config)
    {
        var packedLength = Packing(config) ? Number(config, _maxLengthKeys) : null;
        if (run.WithCanonical(CanonicalSeries.Tokens).FirstOrDefault() is { } seen)
        {
            return packedLength is { } length
                ? ($"    compute: {{tokens_seen: {Key(seen.Key)}, seq_len: {F(length)}}}\n", $"tokens logged as '{seen.Key}', packed to {F(length)}")
                : ($"    # TODO compute: {{tokens_seen: {Key(seen.Key)}, seq_len: S}}   (tokens are logged; give the mean tokens per sequence)\n", $"TODO its mean sequence length (tokens logged as '{seen.Key}')");
        }

        var batch = Number(config, _batchKeys);
        var accumulation = Number(config, _accumulationKeys) ?? (batch is null ? null : 1);
        var world = Number(config, _worldKeys) ?? Product(config, "trainer.n_gpus_per_node", "trainer.nnodes");
        if (packedLength is { } packed && batch is { } b && accumulation is { } g && world is { } w)
        {
            var tokens = packed * b * g * w;
            return ($"    compute: {{tokens_per_step: {F(tokens)}, seq_len: {F(packed)}}}   # packed: {F(b)} x {F(g)} x {F(w)} sequences of {F(packed)} tokens\n", $"{F(tokens)} tokens per step (packed {F(b)} x {F(g)} x {F(w)} x {F(packed)})");
        }

        var found = string.Join(", ", new[] { ("batch", batch), ("accumulation", accumulation), ("world size", world), ("packed length", packedLength) }.Where(p => p.Item2 is not null).Select(p => $"{p.Item1} {F(p.Item2!.Value)}"));
        return ($"    # TODO compute: {{tokens_per_step: N, seq_len: S}}   (SFT compute for the decomposition axis; {(found.Length == 0 ? "the config gives no batch or length" : $"found {found}")})\n", "TODO its compute (tokens per step)");
    }

    /// <summary>The RL run's compute line for DAPO's dynamic sampling, or null when the default (4 passes) holds.</summary>
    public static (string Line, string Finding)? Rl(RunLog run, IReadOnlyDictionary<string, string> config)
    {
        var logged = run.Series.Any(s => s.Key == StepCompute.DapoRoundsKey);
        var filtering = config.GetValueOrDefault("algorithm.filter_groups.enable") is { } on && on.Equals("true", StringComparison.OrdinalIgnoreCase);
        if (!logged && !filtering)
        {
            return null;
        }

        var ratio = Number(config, ["data.gen_batch_size"]) is { } gen && Number(config, ["data.train_batch_size"]) is { } train ? gen / train : (double?)null;
        if (!logged)
        {
            var max = config.GetValueOrDefault("algorithm.filter_groups.max_num_gen_batches") ?? "?";
            return ($"    # TODO compute: {{passes: P}}   (DAPO dynamic sampling without '{StepCompute.DapoRoundsKey}' logged: P = K x {(ratio is { } r ? F(r) : "gen/train batch")} + 3, K rounds per step, at most {max})\n", "TODO its DAPO generation rounds");
        }

        return ratio is { } known
            ? ($"    compute: {{gen_ratio: {F(known)}}}   # DAPO: K x {F(known)} + 3 passes, K logged as '{StepCompute.DapoRoundsKey}'\n", $"DAPO rounds logged, generation batch {F(known)} x the training batch")
            : ("    # TODO compute: {gen_ratio: R}   (DAPO rounds are logged; R = data.gen_batch_size / data.train_batch_size, 1 if equal)\n", "TODO its DAPO generation batch ratio");
    }

    private static bool Packing(IReadOnlyDictionary<string, string> config)
        => new[] { "packing", "dataset_kwargs.packing", "data.packing" }.Any(k => config.GetValueOrDefault(k) is { } v && v.Equals("true", StringComparison.OrdinalIgnoreCase));

    private static double? Number(IReadOnlyDictionary<string, string> config, IEnumerable<string> keys)
        => keys.Select(k => config.GetValueOrDefault(k)).Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x > 0 ? x : (double?)null).FirstOrDefault(x => x is not null);

    private static double? Product(IReadOnlyDictionary<string, string> config, string a, string b)
        => Number(config, [a]) is { } x && Number(config, [b]) is { } y ? x * y : null;

    private static string Key(string key) => key.Contains(':', StringComparison.Ordinal) || key.Contains('/', StringComparison.Ordinal) ? $"\"{key}\"" : key;

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
