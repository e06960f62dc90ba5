using System.Diagnostics;
using Headroom.Lab.Evaluation;
using Headroom.Lab.Internal.Torch;
using Headroom.Lab.Model;
using Headroom.Lab.Training;
using Headroom.Lab.World;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Headroom.Lab.Rl;

/// <summary>
/// GRPO and DAPO on the lab's verifiable problems, written to read top to bottom like the SFT trainer:
/// resume (or evaluate the starting model at step 0), then per step the learning rate, rollouts of G
/// responses per prompt with their log-probabilities, binary rewards from the verifier, dynamic sampling
/// (DAPO: drop groups that all pass or all fail and draw more, up to a cap), group-normalised
/// advantages, the clipped token-mean policy loss (plus β·KL to the starting model when asked), clip,
/// AdamW step; every step a line of verl's file-logger JSONL, and at every eval interval the six
/// benchmarks (val-core/&lt;benchmark&gt;/acc/mean@k) and an atomic checkpoint. Compute is counted per
/// framework.md §6 with Core's formulas (<see cref="RlFlops"/>). What a step trains on and its loss are
/// the algorithm's <see cref="IRlObjective"/>: GRPO/DAPO's rollouts, or with the synchronized SFT+RL
/// methods (LUFFY, SRFT, UPT, Prefix-RFT) also the prompts' expert trajectories, their on- and off-policy sample
/// counts logged every step.
/// </summary>
internal static class RlTrainer
{
    private const ulong RolloutStream = 0x5eed_0001UL;
    private const ulong EvalStream = 0x5eed_0002UL;

    public static RlOutcome Run(RlRun run, IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        var config = run.Config;
        foreach (var (name, value) in new[] { ("max_steps", config.MaxSteps), ("prompts_per_step", config.PromptsPerStep), ("group", config.Group), ("eval_interval", config.EvalInterval), ("mini_batches", config.MiniBatches), ("max_generation_rounds", config.MaxGenerationRounds), ("max_new_tokens", config.MaxNewTokens), ("expert_per_prompt", config.ExpertPerPrompt) })
        {
            if (value < 1)
            {
                throw LabException.BadSetting(name, $"{value}", "a positive whole number");
            }
        }

        if (!(config.ShapingGamma > 0))
        {
            throw LabException.BadSetting("shaping_gamma", $"{config.ShapingGamma}", "a positive number");
        }

        ExpertPrefixes.Check(config);

        Directory.CreateDirectory(run.Folder);
        TorchRuntime.UseThreads(run.Threads);
        using var model = Checkpoints.LoadModel(run.From);
        Checkpoints.RequireModel(run.From, run.Model, $"The starting model in {run.From}");
        using var reference = config.KlCoef > 0 ? Checkpoints.LoadModel(run.From) : null;
        reference?.eval();
        var parameters = model.parameters().ToArray();
        using var optimizer = optim.AdamW(parameters, config.LearningRate, config.Beta1, config.Beta2, weight_decay: config.WeightDecay);
        using var rolloutGenerator = new Generator((ulong)run.Seed ^ RolloutStream);
        using var evalGenerator = new Generator((ulong)run.Seed ^ EvalStream);
        var rolloutSampling = new SamplingSettings(config.Temperature, config.TopP, config.SampleBatchSize, config.MaxNewTokens);
        var evalSampling = new SamplingSettings(config.EvalTemperature, config.EvalTopP, config.SampleBatchSize);
        var order = new DataOrder(run.Seed, run.Prompts.Count);
        var objective = RlObjectives.For(run.Algorithm);
        var log = new VerlFileLog(run.LogPath);

        // Resume from the newest checkpoint (cutting the log back to it), or evaluate the starting model at step 0.
        var state = new RlState { Seed = run.Seed, Threads = run.Threads, Algorithm = RlRun.AlgorithmName(run.Algorithm), From = Path.GetFullPath(run.From), World = Path.GetFullPath(run.World) };
        var checkpoint = Checkpoints.Latest(run.Folder, RlState.FileName);
        if (checkpoint is not null)
        {
            state = Resume(checkpoint, state, run, model, optimizer, rolloutGenerator, evalGenerator);
            log.TruncateAfter(state.Step);
        }
        else
        {
            File.Delete(run.LogPath); // a run killed before its first checkpoint starts over
            log.Append(0, Evaluate(model, run, evalSampling, evalGenerator));
        }

        var resumedFrom = state.Step;
        progress?.Report(new TrainingProgress(run.Stage, state.Step, config.MaxSteps, double.NaN, 0, 0, TimeSpan.Zero,
            $"{(checkpoint is null ? "start" : "resume from " + Path.GetFileName(checkpoint))} from {run.From}; seed {run.Seed}, threads {run.Threads}, model {run.Model}, {run.Prompts.Count} prompts; config {System.Text.Json.JsonSerializer.Serialize(config, new System.Text.Json.JsonSerializerOptions(ConfigOverrides.Json) { WriteIndented = false })}"));
        var clock = Stopwatch.StartNew();
        var secondsBefore = state.Seconds;
        var dimensions = run.Model.Dimensions;
        for (var step = state.Step + 1; step <= config.MaxSteps; step++)
        {
            cancel.ThrowIfCancellationRequested();
            var stepClock = Stopwatch.StartNew();

            // Learning rate: linear warmup, then constant.
            var learningRate = config.LearningRate * Math.Min(1.0, (double)step / Math.Max(1, config.WarmupSteps));
            foreach (var group in optimizer.ParamGroups)
            {
                group.LearningRate = learningRate;
            }

            // Rollouts and rewards, round by round: DAPO keeps only informative groups and draws more until B are kept or the rounds run out.
            var (generated, kept, rounds, sampleSeconds, rewardSeconds) = Collect(model, run, order, state.PromptPosition, rolloutSampling, rolloutGenerator);
            var train = kept.Take(config.PromptsPerStep).ToList();

            // Policy update on the kept groups (none when dynamic sampling found no informative group).
            var updateClock = Stopwatch.StartNew();
            var update = train.Count > 0 ? PolicyUpdate.Run(model, reference, optimizer, parameters, objective.Rows(train, config), config, objective) : UpdateStats.None;
            var updateSeconds = updateClock.Elapsed.TotalSeconds;
            TorchRuntime.ReleaseFinalizableNatives();

            // Compute per framework.md §6, S = the step's mean prompt + response length over every generated sequence.
            var meanLength = generated.Average(g => g.Sequence);
            var stepFlops = RlFlops.PerStep(dimensions, run, train.Count, rounds, meanLength, update);
            state = state with
            {
                Step = step,
                PromptPosition = state.PromptPosition + (long)rounds * config.PromptsPerRound,
                TotalFlos = state.TotalFlos + stepFlops,
                RolloutTokens = state.RolloutTokens + generated.Sum(g => (long)g.Sequence),
                GenerationRounds = state.GenerationRounds + rounds,
                OnPolicySamples = state.OnPolicySamples + update.OnPolicySamples,
                OffPolicySamples = state.OffPolicySamples + update.OffPolicySamples,
                Seconds = secondsBefore + clock.Elapsed.TotalSeconds,
            };

            var metrics = StepMetrics(config, generated, train, update, rounds, learningRate, stepFlops, state);
            metrics["timing_s/gen"] = sampleSeconds;
            metrics["timing_s/reward"] = rewardSeconds;
            metrics["timing_s/update_actor"] = updateSeconds;

            // Evaluate and checkpoint (the log line goes first: a resume cuts lines after the checkpoint).
            var evaluate = step % config.EvalInterval == 0 || step == config.MaxSteps;
            if (evaluate)
            {
                progress?.Report(Progress(run, step, metrics, clock, resumedFrom, "evaluating"));
                var evalClock = Stopwatch.StartNew();
                foreach (var (key, value) in Evaluate(model, run, evalSampling, evalGenerator))
                {
                    metrics[key] = value;
                }

                metrics["timing_s/testing"] = evalClock.Elapsed.TotalSeconds;
            }

            metrics["timing_s/step"] = stepClock.Elapsed.TotalSeconds;
            log.Append(step, metrics);
            if (evaluate)
            {
                state = state with
                {
                    RolloutState = Convert.ToBase64String(rolloutGenerator.get_state().data<byte>().ToArray()),
                    EvalState = Convert.ToBase64String(evalGenerator.get_state().data<byte>().ToArray()),
                };
                Checkpoints.Save(run.Folder, model, optimizer, state, step, RlState.FileName, trainerState: null, config);
            }

            progress?.Report(Progress(run, step, metrics, clock, resumedFrom, null));
        }

        Checkpoints.WriteModel(run.Folder, model);
        return new RlOutcome(run.LogPath, state.Step, resumedFrom, state.Seconds);
    }

    /// <summary>One generated rollout with its problem, reward and lengths; Prefix-RFT's begin with <paramref name="ExpertTokens"/> tokens of the expert's.</summary>
    internal sealed record Scored(Problem Problem, Rollout Rollout, double Reward, int ExpertTokens = 0)
    {
        public int Sequence => Rollout.Prompt.Length + Rollout.Tokens.Length;
    }

    /// <summary>G scored rollouts of one prompt.</summary>
    internal sealed record Group(IReadOnlyList<Scored> Members)
    {
        public IReadOnlyList<double> Rewards => [.. Members.Select(m => m.Reward)];
    }

    /// <summary>Generation rounds of B_gen prompts × G rollouts, scored; the groups kept for training.</summary>
    private static (List<Scored> Generated, List<Group> Kept, int Rounds, double SampleSeconds, double RewardSeconds) Collect(
        Llama model, RlRun run, DataOrder order, long position, SamplingSettings sampling, Generator generator)
    {
        var config = run.Config;
        var generated = new List<Scored>();
        var kept = new List<Group>();
        double sampleSeconds = 0, rewardSeconds = 0;
        var rounds = 0;
        do
        {
            var problems = Enumerable.Range(0, config.PromptsPerRound).Select(i => run.Prompts[order.At(position + (long)rounds * config.PromptsPerRound + i)]).ToList();
            var prefixes = ExpertPrefixes.Lengths(run, problems, position + (long)rounds * config.PromptsPerRound);
            var clock = Stopwatch.StartNew();
            var sampled = Sampler.Rollouts(model, [.. prefixes.Select((length, i) => ExpertPrefixes.Prompt(problems[i / config.Group], length))], sampling, generator);
            var rollouts = sampled.Select((r, i) => ExpertPrefixes.Join(problems[i / config.Group], r, prefixes[i])).ToList();
            sampleSeconds += clock.Elapsed.TotalSeconds;
            clock.Restart();
            var scored = rollouts.Select((r, i) => new Scored(problems[i / config.Group], r, Verifier.IsCorrect(problems[i / config.Group], r.Text) ? 1.0 : 0.0, prefixes[i])).ToList();
            rewardSeconds += clock.Elapsed.TotalSeconds;
            generated.AddRange(scored);
            var groups = scored.Chunk(config.Group).Select(g => new Group(g)).ToList();
            kept.AddRange(config.DynamicSampling ? groups.Where(g => GroupAdvantages.Informative(g.Rewards)) : groups);
            rounds++;
        }
        while (config.DynamicSampling && kept.Count < config.PromptsPerStep && rounds < config.MaxGenerationRounds);

        return (generated, kept, rounds, sampleSeconds, rewardSeconds);
    }

    /// <summary>verl's per-step keys (metric_utils.py, dp_actor.py, ray_trainer.py) for this step.</summary>
    private static SortedDictionary<string, double> StepMetrics(RlConfig config, List<Scored> generated, List<Group> train, UpdateStats update, int rounds, double learningRate, double stepFlops, RlState state)
    {
        var trained = train.SelectMany(g => g.Members).ToList();
        var basis = trained.Count > 0 ? trained : generated;
        var responses = basis.Select(s => (double)s.Rollout.Tokens.Length).ToList();
        var prompts = basis.Select(s => (double)s.Rollout.Prompt.Length).ToList();
        var scores = basis.Select(s => s.Reward).ToList();
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["training/global_step"] = state.Step,
            ["critic/score/mean"] = scores.Average(),
            ["critic/score/max"] = scores.Max(),
            ["critic/score/min"] = scores.Min(),
            ["critic/rewards/mean"] = scores.Average(),
            ["critic/advantages/mean"] = update.Advantages.Length > 0 ? update.Advantages.Average() : double.NaN,
            ["critic/advantages/max"] = update.Advantages.Length > 0 ? update.Advantages.Max() : double.NaN,
            ["critic/advantages/min"] = update.Advantages.Length > 0 ? update.Advantages.Min() : double.NaN,
            ["response_length/mean"] = responses.Average(),
            ["response_length/max"] = responses.Max(),
            ["response_length/min"] = responses.Min(),
            ["response_length/clip_ratio"] = basis.Count(s => !s.Rollout.Finished) / (double)basis.Count,
            ["prompt_length/mean"] = prompts.Average(),
            ["prompt_length/max"] = prompts.Max(),
            ["prompt_length/min"] = prompts.Min(),
            ["actor/lr"] = learningRate,
            ["train/num_gen_batches"] = rounds,
            ["train/kept_groups"] = train.Count,
            ["train/generated_groups"] = generated.Count / config.Group,
            ["train/generated_score_mean"] = generated.Average(s => s.Reward),
            ["perf/total_num_tokens"] = update.OnPolicyTokens + update.OffPolicyTokens,
            ["train/on_policy_samples"] = update.OnPolicySamples,
            ["train/off_policy_samples"] = update.OffPolicySamples,
            ["train/total_on_policy_samples"] = state.OnPolicySamples,
            ["train/total_off_policy_samples"] = state.OffPolicySamples,
            ["train/step_flos"] = stepFlops,
            ["train/total_flos"] = state.TotalFlos,
            ["train/total_rollout_tokens"] = state.RolloutTokens,
        };
        foreach (var (key, value) in update.Metrics)
        {
            metrics[key] = value;
        }

        if (config.KlCoef > 0)
        {
            metrics["actor/kl_coef"] = config.KlCoef;
        }

        return metrics;
    }

    /// <summary>The benchmarks as verl's validation keys val-core/&lt;benchmark&gt;/acc/mean@k, plus the lab's problem-weighted headline and its SE.</summary>
    private static SortedDictionary<string, double> Evaluate(Llama model, RlRun run, SamplingSettings sampling, Generator generator)
    {
        var scores = Evaluator.Score(model, run.Benchmarks, sampling, generator);
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var b in scores.Benchmarks)
        {
            metrics[$"val-core/{b.Name}/acc/mean@{b.SamplesPerProblem}"] = b.Accuracy;
        }

        metrics["val/headline"] = scores.Headline;
        metrics["val/headline_se"] = scores.HeadlineSe;
        return metrics;
    }

    /// <summary>Loads a checkpoint's model, optimizer and generators, refusing one of another algorithm, start, seed, thread count or (unless allowed) settings.</summary>
    private static RlState Resume(string checkpoint, RlState expected, RlRun run, Llama model, OptimizerHelper optimizer, Generator rollouts, Generator evaluation)
    {
        Checkpoints.RequireModel(checkpoint, model.Config, $"Checkpoint {checkpoint}");
        var state = Checkpoints.ReadState<RlState>(checkpoint, RlState.FileName);
        foreach (var (what, saved, requested) in new[] { ("--algorithm", state.Algorithm, expected.Algorithm), ("--from", state.From, expected.From), ("--seed", $"{state.Seed}", $"{expected.Seed}"), ("--threads", $"{state.Threads}", $"{expected.Threads}") })
        {
            if (saved != requested)
            {
                throw LabException.ResumeMismatch(checkpoint, what, saved, requested);
            }
        }

        Checkpoints.RequireSameSettings(checkpoint, run.Config, run.AllowChangedSettings);
        var modelFile = Path.Combine(checkpoint, Checkpoints.ModelFile);
        var optimizerFile = Path.Combine(checkpoint, Checkpoints.OptimizerFile);
        var stateFile = Path.Combine(checkpoint, RlState.FileName);
        LabFiles.LoadWeights(modelFile, "model", () => model.load(modelFile));
        LabFiles.LoadWeights(optimizerFile, "optimizer state", () => optimizer.load_state_dict(optimizerFile));
        LabFiles.LoadWeights(stateFile, "generator state", () =>
        {
            rollouts.set_state(tensor(Convert.FromBase64String(state.RolloutState)));
            evaluation.set_state(tensor(Convert.FromBase64String(state.EvalState)));
        });
        return state;
    }

    private static TrainingProgress Progress(RlRun run, int step, SortedDictionary<string, double> metrics, Stopwatch clock, int resumedFrom, string? message)
    {
        var seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        var stepsPerSecond = (step - resumedFrom) / seconds;
        var remaining = TimeSpan.FromSeconds(stepsPerSecond > 0 ? (run.Config.MaxSteps - step) / stepsPerSecond : 0);
        return new TrainingProgress(run.Stage, step, run.Config.MaxSteps, metrics["actor/loss"], stepsPerSecond, metrics["perf/total_num_tokens"] * stepsPerSecond, remaining, message, metrics["critic/score/mean"]);
    }
}
