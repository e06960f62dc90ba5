using Headroom.Lab.Model;
using Headroom.Lab.World;

namespace Headroom.Lab.Rl;

/// <summary>Everything one RL run needs.</summary>
/// <param name="Folder">Output folder: the verl JSONL, checkpoint-N folders, the final model.</param>
/// <param name="Model">Shape of the model (the starting model's).</param>
/// <param name="Config">Resolved settings (the algorithm's applied).</param>
/// <param name="Algorithm">grpo, dapo_d, dapo_dc, luffy, srft, upt or prefix_rft.</param>
/// <param name="Prompts">The RL prompt pool (verifiable problems, disjoint from the benchmarks).</param>
/// <param name="Benchmarks">Scored at every evaluation.</param>
/// <param name="Seed">Seed of the prompt order, the rollouts and the evaluation sampler.</param>
/// <param name="Threads">Torch intra-op threads.</param>
/// <param name="From">The starting model's folder (an SFT checkpoint-N, or the base model).</param>
/// <param name="World">The lab folder of the world, recorded in checkpoints.</param>
/// <param name="AllowChangedSettings">Resume a checkpoint even when its settings differ.</param>
internal sealed record RlRun(
    string Folder, LlamaConfig Model, RlConfig Config, RlAlgorithm Algorithm, IReadOnlyList<Problem> Prompts, IReadOnlyList<Benchmark> Benchmarks,
    int Seed, int Threads, string From, string World, bool AllowChangedSettings = false)
{
    /// <summary>"rl:grpo", for progress lines.</summary>
    public string Stage => "rl:" + AlgorithmName(Algorithm);

    /// <summary>The verl JSONL: FOLDER/&lt;folder name&gt;.jsonl (verl's &lt;experiment_name&gt;.jsonl).</summary>
    public string LogPath => System.IO.Path.Combine(Folder, System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(Folder))) + ".jsonl");

    /// <summary>grpo, dapo_d, dapo_dc, luffy, srft, upt, prefix_rft.</summary>
    public static string AlgorithmName(RlAlgorithm algorithm) => algorithm switch
    {
        RlAlgorithm.Grpo => "grpo",
        RlAlgorithm.DapoD => "dapo_d",
        RlAlgorithm.DapoDc => "dapo_dc",
        RlAlgorithm.Luffy => "luffy",
        RlAlgorithm.Srft => "srft",
        RlAlgorithm.Upt => "upt",
        _ => "prefix_rft",
    };
}

/// <summary>What a finished RL run reports.</summary>
internal sealed record RlOutcome(string LogPath, int Steps, int ResumedFromStep, double Seconds);
