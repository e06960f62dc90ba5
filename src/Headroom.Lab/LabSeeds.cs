namespace Headroom.Lab;

/// <summary>
/// The lab's four independent seeds: `--seed S` sets all four; `--set seed.world=N` (seed.pretrain,
/// seed.sft, seed.rl) changes one, so SFT or RL can be repeated on one world and base model.
/// </summary>
/// <param name="World">Draws the problems, data sets and benchmarks, and the difficulty-labelling samples.</param>
/// <param name="Pretrain">The base model's initial weights, data order and sampler.</param>
/// <param name="Sft">An SFT run's data order and evaluation sampler.</param>
/// <param name="Rl">An RL run's prompt order, rollouts and evaluation sampler.</param>
public sealed record LabSeeds(int World, int Pretrain, int Sft, int Rl)
{
    /// <summary>The prefix of seed settings (`--set seed.sft=3`).</summary>
    public const string Prefix = "seed.";

    /// <summary>Every seed equal to <paramref name="seed"/>.</summary>
    public static LabSeeds All(int seed) => new(seed, seed, seed, seed);

    /// <summary>`--seed` with every `seed.KEY=N` of <paramref name="settings"/> applied; unknown keys and non-integers are refused.</summary>
    public static LabSeeds Resolve(int seed, IEnumerable<string> settings)
    {
        var seeds = All(seed);
        foreach (var setting in settings.Where(s => s.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var split = setting.IndexOf('=', StringComparison.Ordinal);
            if (split < 0)
            {
                throw LabException.MalformedSetting(setting);
            }

            var (key, text) = (setting[..split].Trim(), setting[(split + 1)..].Trim());
            if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value))
            {
                throw LabException.BadSetting(key, text, "a whole number");
            }

            seeds = key switch
            {
                Prefix + "world" => seeds with { World = value },
                Prefix + "pretrain" => seeds with { Pretrain = value },
                Prefix + "sft" => seeds with { Sft = value },
                Prefix + "rl" => seeds with { Rl = value },
                _ => throw LabException.UnknownSetting(key, [Prefix + "world", Prefix + "pretrain", Prefix + "sft", Prefix + "rl"]),
            };
        }

        return seeds;
    }

    /// <summary>"world=1 pretrain=1 sft=1 rl=1".</summary>
    public override string ToString() => $"world={World} pretrain={Pretrain} sft={Sft} rl={Rl}";
}
