using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Headroom.Core.Compute;
using Headroom.Lab.Evaluation;
using Headroom.Lab.Internal.Torch;
using Headroom.Lab.Model;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Headroom.Lab.Training;

/// <summary>
/// Supervised fine-tuning (and the base model's pretraining, which is the same loop on other data),
/// written to read top to bottom like nanoGPT's train.py: resume, then per step the learning rate,
/// forward and backward on the response tokens, clip, AdamW step, log, and at every eval interval the
/// validation loss, benchmark scores (eval_NAME_pass1: the mean verified sample, i.e. pass@1 or Avg@k)
/// and an atomic checkpoint.
/// </summary>
internal static class SftTrainer
{
    public static TrainingOutcome Run(TrainingRun run, IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        var config = run.Config;
        ArgumentOutOfRangeException.ThrowIfLessThan(config.EvalInterval, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(config.LogInterval, 1);
        RequireBlockSize(run);
        Directory.CreateDirectory(run.Folder);
        TorchRuntime.UseThreads(run.Threads);
        using var model = new Llama(run.Model, run.Seed);
        if (run.InitialModel is not null)
        {
            var initialFolder = Path.GetDirectoryName(Path.GetFullPath(run.InitialModel))!;
            Checkpoints.RequireModel(initialFolder, run.Model, $"The base model in {initialFolder}");
            LabFiles.LoadWeights(run.InitialModel, "model", () => model.load(run.InitialModel));
        }

        var parameters = model.parameters().ToArray();
        using var optimizer = optim.AdamW(parameters, config.LearningRate, config.Beta1, config.Beta2, weight_decay: config.WeightDecay);
        using var sampler = new Generator((ulong)run.Seed);
        var sampling = new SamplingSettings(config.Temperature, config.TopP, config.SampleBatchSize);
        var order = new DataOrder(run.Seed, run.Train.Count);
        var dimensions = run.Model.Dimensions;

        // Resume from the newest complete checkpoint, or start with the step-0 evaluation (the starting model's scores).
        var state = new TrainingState { Seed = run.Seed, Threads = run.Threads, DataFingerprint = Fingerprint(run.Train), World = run.World is null ? "" : Path.GetFullPath(run.World) };
        var history = new List<SortedDictionary<string, double>>();
        var checkpoint = Checkpoints.Latest(run.Folder);
        if (checkpoint is not null)
        {
            state = Resume(checkpoint, state, run, model, optimizer, sampler);
            history.AddRange(TrainerStateFile.Read(Path.Combine(checkpoint, TrainerStateFile.FileName)).LogHistory);
        }
        else
        {
            history.Add(Evaluate(model, run, sampling, sampler, step: 0, epoch: 0));
        }

        var resumedFrom = state.Step;
        var lastStep = LastStep(config, history);
        var settings = System.Text.Json.JsonSerializer.Serialize(config, new System.Text.Json.JsonSerializerOptions(ConfigOverrides.Json) { WriteIndented = false });
        progress?.Report(new TrainingProgress(run.Stage, state.Step, config.MaxSteps, double.NaN, 0, 0, TimeSpan.Zero,
            $"{(checkpoint is null ? "start" : "resume from " + Path.GetFileName(checkpoint))}; seed {run.Seed}, threads {run.Threads}, model {run.Model} ({model.ParameterCount:N0} parameters), {run.Train.Count} examples; {PlateauRule.Describe(config)}; config {settings}"));
        var clock = Stopwatch.StartNew();
        var secondsBefore = state.Seconds;
        for (var step = state.Step + 1; step <= lastStep; step++)
        {
            cancel.ThrowIfCancellationRequested();

            // Learning rate: linear warmup, then cosine decay to the floor (or, with a cooldown, the peak until the plateau, then linear decay).
            var learningRate = LearningRate(config, step, lastStep);
            foreach (var group in optimizer.ParamGroups)
            {
                group.LearningRate = learningRate;
            }

            // Forward and backward on one batch; the loss covers response tokens only.
            double loss, gradNorm;
            long tokens;
            double flops;
            using (CollectionHold.Begin())
            using (NewDisposeScope())
            {
                var batch = GetBatch(run, order, state.DataPosition);
                var logits = model.call(batch.Inputs);
                var lossTensor = nn.functional.cross_entropy(logits.flatten(0, 1), batch.Targets.flatten(), ignore_index: Batch.Ignore);
                lossTensor.backward();

                // Clip, step, zero-grad.
                gradNorm = nn.utils.clip_grad_norm_(parameters, config.GradClip);
                optimizer.step();
                optimizer.zero_grad();
                loss = lossTensor.item<float>();
                tokens = batch.Tokens;
                flops = 3.0 * batch.Tokens * ForwardFlops.PerToken(dimensions, batch.MeanLength); // framework.md §6: SFT = 3 B S F_fwd
            }

            TorchRuntime.ReleaseFinalizableNatives();

            state = state with
            {
                Step = step,
                DataPosition = state.DataPosition + config.BatchSize,
                DataEpoch = (state.DataPosition + config.BatchSize) / run.Train.Count,
                TokensSeen = state.TokensSeen + tokens,
                TotalFlos = state.TotalFlos + flops,
                PendingLossSum = state.PendingLossSum + loss,
                PendingLossSteps = state.PendingLossSteps + 1,
                LossSum = state.LossSum + loss,
                Seconds = secondsBefore + clock.Elapsed.TotalSeconds,
            };
            var epoch = (double)state.DataPosition / run.Train.Count;

            // Log the mean training loss of the interval.
            if (step % config.LogInterval == 0 || step == lastStep)
            {
                history.Add(new(StringComparer.Ordinal)
                {
                    ["loss"] = state.PendingLossSum / state.PendingLossSteps,
                    ["grad_norm"] = gradNorm,
                    ["learning_rate"] = learningRate,
                    ["epoch"] = epoch,
                    ["step"] = step,
                    ["num_input_tokens_seen"] = state.TokensSeen,
                });
                state = state with { PendingLossSum = 0, PendingLossSteps = 0 };
            }

            // Evaluate, then write checkpoint-N atomically.
            if (step % config.EvalInterval == 0 || step == lastStep)
            {
                progress?.Report(Progress(run, step, loss, state, clock, resumedFrom, "evaluating"));
                history.Add(Evaluate(model, run, sampling, sampler, step, epoch));
                state = state with { SamplerState = Convert.ToBase64String(sampler.get_state().data<byte>().ToArray()) };
                Checkpoints.Save(run.Folder, model, optimizer, state, state.Step, TrainingState.FileName, TrainerState(run, state, history), config);

                // Stop at the plateau of the validation loss, or cool down after it (pretraining's rule; off by default).
                var wasLast = lastStep;
                lastStep = LastStep(config, history);
                if (lastStep != wasLast)
                {
                    progress?.Report(new TrainingProgress(run.Stage, step, config.MaxSteps, double.NaN, 0, 0, TimeSpan.Zero, $"plateau reached at step {step}; training ends at step {lastStep}: {PlateauRule.Describe(config)}"));
                }
            }

            progress?.Report(Progress(run, step, loss, state, clock, resumedFrom, null));
        }

        // Final summary entry, as Trainer.train() appends it, and the run-level files.
        var trainLoss = state.Step == 0 ? double.NaN : state.LossSum / state.Step;
        history.Add(new(StringComparer.Ordinal)
        {
            ["epoch"] = (double)state.DataPosition / run.Train.Count,
            ["step"] = state.Step,
            ["total_flos"] = state.TotalFlos,
            ["train_loss"] = trainLoss,
            ["train_runtime"] = state.Seconds,
            ["train_steps_per_second"] = state.Step / Math.Max(state.Seconds, 1e-9),
            ["train_tokens_per_second"] = state.TokensSeen / Math.Max(state.Seconds, 1e-9),
        });
        var trainerState = TrainerState(run, state, history);
        trainerState.Write(Path.Combine(run.Folder, TrainerStateFile.FileName));
        Checkpoints.WriteModel(run.Folder, model);
        return new TrainingOutcome(run.Folder, state.Step, checkpoint is not null, resumedFrom, trainLoss, trainerState, state.Seconds);
    }

    /// <summary>
    /// Linear warmup to the peak, then cosine decay to the floor at MaxSteps; with a cooldown, the peak until
    /// <paramref name="lastStep"/> minus the cooldown, then linear decay to the floor at <paramref name="lastStep"/>.
    /// </summary>
    public static double LearningRate(TrainConfig config, int step, int lastStep)
    {
        if (step <= config.WarmupSteps)
        {
            return config.LearningRate * step / Math.Max(1, config.WarmupSteps);
        }

        if (config.CooldownSteps > 0)
        {
            var decayed = Math.Clamp((double)(step - (lastStep - config.CooldownSteps)) / config.CooldownSteps, 0, 1);
            return config.LearningRate - decayed * (config.LearningRate - config.MinLearningRate);
        }

        var progress = (double)(step - config.WarmupSteps) / Math.Max(1, config.MaxSteps - config.WarmupSteps);
        return config.MinLearningRate + 0.5 * (1 + Math.Cos(Math.PI * progress)) * (config.LearningRate - config.MinLearningRate);
    }

    /// <summary>The next BatchSize examples of the epoch stream, starting at <paramref name="position"/>.</summary>
    private static Batch GetBatch(TrainingRun run, DataOrder order, long position)
    {
        var examples = new Example[run.Config.BatchSize];
        for (var i = 0; i < examples.Length; i++)
        {
            examples[i] = run.Train[order.At(position + i)];
        }

        return Batch.Create(examples);
    }

    /// <summary>eval_loss on the validation trajectories, then accuracy on each benchmark and the weighted headline.</summary>
    private static SortedDictionary<string, double> Evaluate(Llama model, TrainingRun run, SamplingSettings sampling, Generator sampler, int step, double epoch)
    {
        var clock = Stopwatch.StartNew();
        var entry = new SortedDictionary<string, double>(StringComparer.Ordinal) { ["epoch"] = epoch, ["step"] = step };
        entry["eval_loss"] = Evaluator.ValidationLoss(model, run.Validation, run.Config.EvalBatchSize);
        if (run.Config.ScoreBenchmarks && run.Benchmarks.Count > 0)
        {
            var scores = Evaluator.Score(model, run.Benchmarks, sampling, sampler);
            scores.Benchmarks.ToList().ForEach(b => entry[$"eval_{b.Name}_pass1"] = b.Accuracy);
            entry["eval_headline"] = scores.Headline;
            entry["eval_headline_se"] = scores.HeadlineSe;
        }

        entry["eval_runtime"] = clock.Elapsed.TotalSeconds;
        return entry;
    }

    /// <summary>
    /// Loads model, optimizer and sampler state of a checkpoint, refusing one written with another model,
    /// seed, thread count, data or (unless allowed) settings.
    /// </summary>
    private static TrainingState Resume(string checkpoint, TrainingState expected, TrainingRun run, Llama model, OptimizerHelper optimizer, Generator sampler)
    {
        Checkpoints.RequireModel(checkpoint, model.Config, $"Checkpoint {checkpoint}");
        var state = Checkpoints.ReadState<TrainingState>(checkpoint, TrainingState.FileName);
        RequireSame(checkpoint, "--seed", state.Seed, expected.Seed);
        RequireSame(checkpoint, "--threads", state.Threads, expected.Threads);
        RequireSame(checkpoint, "training data", state.DataFingerprint, expected.DataFingerprint);
        Checkpoints.RequireSameSettings(checkpoint, run.Config, run.AllowChangedSettings);
        var modelFile = Path.Combine(checkpoint, Checkpoints.ModelFile);
        var optimizerFile = Path.Combine(checkpoint, Checkpoints.OptimizerFile);
        LabFiles.LoadWeights(modelFile, "model", () => model.load(modelFile));
        LabFiles.LoadWeights(optimizerFile, "optimizer state", () => optimizer.load_state_dict(optimizerFile));
        var statePath = Path.Combine(checkpoint, TrainingState.FileName);
        LabFiles.LoadWeights(statePath, "sampler state", () => sampler.set_state(tensor(Convert.FromBase64String(state.SamplerState))));
        return state;
    }

    /// <summary>The last step of training given the evaluations so far (<see cref="PlateauRule.LastStep"/>).</summary>
    private static int LastStep(TrainConfig config, List<SortedDictionary<string, double>> history)
        => PlateauRule.LastStep(config, [.. history.Where(e => e.ContainsKey("eval_loss")).Select(e => ((int)e["step"], e["eval_loss"]))]);

    /// <summary>The position table must cover the longest training and validation sequence.</summary>
    private static void RequireBlockSize(TrainingRun run)
    {
        var longest = run.Train.Concat(run.Validation).Select(e => e.Length).DefaultIfEmpty(0).Max();
        if (longest > run.Model.BlockSize)
        {
            throw LabException.BlockTooShort(run.Model.BlockSize, longest, run.Stage);
        }
    }

    private static void RequireSame<T>(string checkpoint, string what, T saved, T requested)
    {
        if (!EqualityComparer<T>.Default.Equals(saved, requested))
        {
            throw LabException.ResumeMismatch(checkpoint, what, $"{saved}", $"{requested}");
        }
    }

    private static string Fingerprint(IReadOnlyList<Example> examples)
        => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", examples.Select(e => e.Prompt + e.Response)))))[..16];

    private static TrainerStateFile TrainerState(TrainingRun run, TrainingState state, List<SortedDictionary<string, double>> history)
        => new(state.Step, run.Config.MaxSteps, run.Config.LogInterval, run.Config.EvalInterval, run.Config.BatchSize, (double)state.DataPosition / run.Train.Count,
            (int)Math.Ceiling((double)run.Config.MaxSteps * run.Config.BatchSize / run.Train.Count), state.TokensSeen, state.TotalFlos, [.. history]);

    private static TrainingProgress Progress(TrainingRun run, int step, double loss, TrainingState state, Stopwatch clock, int resumedFrom, string? message)
    {
        var seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        var stepsPerSecond = (step - resumedFrom) / seconds;
        var remaining = TimeSpan.FromSeconds(stepsPerSecond > 0 ? (run.Config.MaxSteps - step) / stepsPerSecond : 0);
        return new TrainingProgress(run.Stage, step, run.Config.MaxSteps, loss, stepsPerSecond, stepsPerSecond * run.Config.BatchSize * state.TokensSeen / Math.Max(1.0, state.DataPosition), remaining, message);
    }
}
