using System.Globalization;
using System.Text;
using System.Text.Json;
using Headroom.Cli.Output;
using Headroom.Core.Compute;
using Headroom.Core.Fitting;
using Headroom.Core.Randomness;
using Headroom.Core.Simulation;

namespace Headroom.Cli.Simulate;

/// <summary>
/// A whole simulated study in the formats real trainers write, with its manifest (`study.yaml`) and ground truth
/// (`truth.json`): three SFT datasets of Qwen2.5-7B (HF Trainer `checkpoint-N/trainer_state.json`, eval every 120
/// steps) with DAPO branches from every fifth checkpoint (verl FileLogger JSONL with the six benchmarks'
/// `val-core/.../acc/mean@N` as fractions, `perf/total_num_tokens` and the mean lengths, and a resolved config
/// naming the SFT checkpoint), a Pure-RL run, LUFFY and a collapsing SRFT run from the base model, and a
/// candidate dataset known only by its loss.
/// </summary>
internal static class DemoStudy
{
    private const int EvalEvery = 10;
    private const double Batch = 512;

    private static readonly (string Name, double Floor, double Best, double SeqLen, string Difficulty)[] _datasets =
    [
        ("easy102k", 0.44, 78.8, 2217, "easy"),
        ("uniform102k", 0.42, 79.7, 3747, "uniform"),
        ("hard102k", 0.40, 82.8, 8633, "hard"),
    ];

    /// <summary>The six benchmarks, their problem counts and how each sits relative to the headline (sums to it).</summary>
    private static readonly (string Source, string Metric, double Weight, double Factor)[] _benchmarks =
    [
        ("openai/gsm8k", "mean@1", 1317, 1.0),
        ("olympiad_bench", "mean@1", 291, 0.75),
        ("minerva", "mean@1", 262, 0.70),
        ("math", "mean@1", 237, 0.95),
        ("aime", "mean@16", 25, 0.45),
        ("aime25", "mean@16", 25, 0.40),
    ];

    public static IReadOnlyList<SimulatedStudy> Write(string folder, int seed, StudySpec template)
    {
        var model = ModelPresets.Qwen25_7B;
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), ModelConfig());
        var studies = new List<SimulatedStudy>();
        var manifest = new StringBuilder();
        manifest.Append("# A simulated post-training study of Qwen2.5-7B in the formats real trainers write (made by\n# `headroom simulate --logs`; ground truth in truth.json). Analyse it with:\n#   headroom analyze study.yaml --out report\n");
        manifest.Append("study: Demo study (simulated Qwen2.5-7B)\nmodel:\n  config: config.json\n  convention: retu\nscore:\n  benchmarks: {gsm8k: 1317, olympiad_bench: 291, minerva: 262, math: 237, aime: 25, aime25: 25}\n  unit: fraction\n");
        var sft = new StringBuilder("sft:\n");
        var rl = new StringBuilder("rl:\n");
        var truth = new List<object>();
        for (var d = 0; d < _datasets.Length; d++)
        {
            var (name, floor, best, seqLen, difficulty) = _datasets[d];
            var perStep = 3 * Batch * seqLen * ForwardFlops.PerToken(model, SequenceLengths.OfMean(seqLen), FlopsConvention.Retu) / FlopsEstimate.ExaFlop;
            var spec = template with { Name = name, LossFloor = floor, BestCeiling = best, SftComputePerStep = perStep };
            var study = StudySimulator.Simulate(spec, seed + d);
            studies.Add(study);
            WriteSft(Path.Combine(folder, "sft", name), study, Batch * seqLen);
            sft.Append(CultureInfo.InvariantCulture, $"  - name: {name}\n    dataset: {name}\n    size: 102000\n    difficulty: {difficulty}\n    logs: sft/{name}\n    compute: {{tokens_per_step: {Batch * seqLen}, seq_len: {seqLen}}}\n");
            foreach (var branch in study.Branches.Where(b => b.Step > 0 || d == 0))
            {
                var run = branch.Step == 0 ? "dapo-base" : $"{name}-step{branch.Step}";
                var random = SeedSequence.Create(seed, stream: 0xDE40, (d * 1000) + branch.Step);
                WriteRl(Path.Combine(folder, "rl", run), run, branch.Curve.MeasuredPSft, branch.Curve.Compute, branch.Curve.Scores, model, random, branch.Step == 0 ? "Qwen/Qwen2.5-7B" : $"/data/ckpt/{name}/checkpoint-{branch.Step}");
                if (branch.Step > 0)
                {
                    rl.Append(CultureInfo.InvariantCulture, $"  - name: {run}\n    from: {name}@{branch.Step}\n    algorithm: dapo\n    logs: rl/{run}\n");
                }

                truth.Add(new { Run = run, Dataset = name, SftStep = branch.Step, APost = branch.TrueAPost, PlRl = branch.Truth.PL, CMid = branch.Truth.CMid, B = branch.Truth.B });
            }
        }

        sft.Append("  - name: openr1-math\n    dataset: openr1-math\n    size: 94000\n    difficulty: hard\n    min_val_loss: 0.395   # a candidate: SFT loss known, no RL yet\n");
        var baseRandom = SeedSequence.Create(seed, stream: 0xBA5E);
        var x = Enumerable.Range(1, 24).Select(j => 60.0 * j / 24).ToArray();
        var luffy = x.Select(v => template.BaseScore + SigmoidLaw.Gain(v, new SigmoidParameters(1.4, 9, 72.7 - template.BaseScore)) + (template.NoiseSd * baseRandom.NextGaussian())).ToArray();
        WriteRl(Path.Combine(folder, "rl", "luffy-base"), "luffy-base", template.BaseScore, x, luffy, model, baseRandom, "Qwen/Qwen2.5-7B");
        var srft = x.Select(v => template.BaseScore + SigmoidLaw.Gain(v, new SigmoidParameters(2.2, 6, 70 - template.BaseScore)) - (v > 22 ? 0.9 * (v - 22) : 0) + (2.2 * template.NoiseSd * baseRandom.NextGaussian())).ToArray();
        WriteRl(Path.Combine(folder, "rl", "srft-base"), "srft-base", template.BaseScore, x, srft, model, baseRandom, "Qwen/Qwen2.5-7B");
        manifest.Append(sft).Append(rl);
        manifest.Append("pure_rl:\n  - name: dapo-base\n    algorithm: dapo\n    logs: rl/dapo-base\nsynchronized:\n  - name: luffy-base\n    algorithm: luffy\n    logs: rl/luffy-base\n  - name: srft-base\n    algorithm: srft\n    logs: rl/srft-base\n");
        manifest.Append("fit:\n  mode: default\n  bootstrap: 1000\n  seed: 1\n");
        File.WriteAllText(Path.Combine(folder, "study.yaml"), manifest.ToString());
        File.WriteAllText(Path.Combine(folder, "truth.json"), JsonSerializer.Serialize(truth, JsonOutput.Options) + "\n");
        return studies;
    }

    /// <summary>One SFT run: a checkpoint folder at every evaluation, each with the history so far (train loss every 40 steps).</summary>
    private static void WriteSft(string folder, SimulatedStudy study, double tokensPerStep)
    {
        var spec = study.Spec;
        var history = new List<SortedDictionary<string, double>>();
        var checkpoints = study.Checkpoints.ToDictionary(c => c.Step);
        for (var step = 1; step <= spec.Steps; step++)
        {
            if (step % 40 == 0)
            {
                var t = step / (double)spec.Steps;
                history.Add(new() { ["epoch"] = Round(t, 4), ["grad_norm"] = Round(0.9 - (0.4 * t), 4), ["learning_rate"] = Round(1e-5 * (1 - t), 9), ["loss"] = Round(checkpoints[0].TrueLoss * (0.55 + (0.45 * Math.Exp(-t / 0.1))) * 0.92, 4), ["step"] = step });
            }

            if (checkpoints.TryGetValue(step, out var checkpoint))
            {
                history.Add(new() { ["epoch"] = Round(step / (double)spec.Steps, 4), ["eval_loss"] = Round(checkpoint.ValidationLoss, 5), ["eval_runtime"] = 41.2, ["eval_samples_per_second"] = 24.3, ["eval_steps_per_second"] = 0.76, ["step"] = step });
                LogWriters.TrainerState(Path.Combine(folder, $"checkpoint-{step}", "trainer_state.json"), step, spec.Steps, Round(step / (double)spec.Steps, 4), 6 * 6.53e9 * tokensPerStep * step, (long)(tokensPerStep * step), history);
            }
        }

        File.WriteAllText(Path.Combine(folder, "config.json"), ModelConfig());
    }

    /// <summary>
    /// One verl run: evaluations every 10 steps from step 0 (val_before_train), compute as tokens per step whose FLOPs
    /// (4 passes x F_fwd at the logged mean length) add up to the simulated compute between evaluations.
    /// </summary>
    private static void WriteRl(string folder, string run, double pSft, IReadOnlyList<double> compute, IReadOnlyList<double> scores, ModelDimensions model, Random random, string modelPath)
    {
        Directory.CreateDirectory(folder);
        var lines = new StringBuilder();
        lines.Append(LogWriters.VerlLine(0, Benchmarks(pSft)));
        var previous = 0.0;
        for (var j = 0; j < compute.Count; j++)
        {
            var perStep = (compute[j] - previous) / EvalEvery;
            for (var s = 1; s <= EvalEvery; s++)
            {
                var step = (j * EvalEvery) + s;
                var prompt = Math.Round(180 + (20 * random.NextDouble()), 2);
                var response = Math.Round(1300 + (300 * random.NextDouble()) + (4 * step), 2);
                var tokens = perStep * FlopsEstimate.ExaFlop / (4 * ForwardFlops.PerToken(model, SequenceLengths.OfMean(prompt + response), FlopsConvention.Retu));
                var data = new List<(string, double)>
                {
                    ("training/global_step", step),
                    ("critic/score/mean", Round(0.2 + (0.6 * scores[j] / 100) + (0.02 * random.NextGaussian()), 4)),
                    ("actor/entropy", Round(0.45 - (0.0005 * step), 4)),
                    ("perf/total_num_tokens", Math.Round(tokens)),
                    ("prompt_length/mean", prompt),
                    ("response_length/mean", response),
                    ("timing_s/step", Round(95 + (10 * random.NextDouble()), 2)),
                };
                if (s == EvalEvery)
                {
                    data.AddRange(Benchmarks(scores[j]));
                }

                lines.Append(LogWriters.VerlLine(step, data));
            }

            previous = compute[j];
        }

        File.WriteAllText(Path.Combine(folder, $"{run}.jsonl"), lines.ToString());
        File.WriteAllText(Path.Combine(folder, "config.yaml"), $"# verl's resolved config (excerpt)\nactor_rollout_ref:\n  model:\n    path: {modelPath}\nalgorithm:\n  adv_estimator: grpo\ntrainer:\n  project_name: demo\n  experiment_name: {run}\n  logger: [console, file]\n");
    }

    /// <summary>The six benchmark accuracies (fractions, 4 decimals) whose problem-weighted mean is the headline score.</summary>
    private static IEnumerable<(string, double)> Benchmarks(double headline)
    {
        var mean = _benchmarks.Sum(b => b.Weight * b.Factor) / _benchmarks.Sum(b => b.Weight);
        return _benchmarks.Select(b => ($"val-core/{b.Source}/acc/{b.Metric}", Round(Math.Clamp(headline * b.Factor / mean, 0, 100) / 100, 4)));
    }

    private static string ModelConfig() => """
        {
          "architectures": ["Qwen2ForCausalLM"],
          "hidden_size": 3584,
          "intermediate_size": 18944,
          "max_position_embeddings": 131072,
          "model_type": "qwen2",
          "num_attention_heads": 28,
          "num_hidden_layers": 28,
          "num_key_value_heads": 4,
          "rms_norm_eps": 1e-06,
          "rope_theta": 1000000.0,
          "tie_word_embeddings": false,
          "torch_dtype": "bfloat16",
          "vocab_size": 152064,
          "_name_or_path": "Qwen/Qwen2.5-7B"
        }

        """;

    private static double Round(double value, int decimals) => Math.Round(value, decimals);
}
