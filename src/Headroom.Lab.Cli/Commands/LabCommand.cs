using System.CommandLine;
using Headroom.Cli;
using Headroom.Cli.Commands;
using Headroom.Cli.Output;
using Spectre.Console;

namespace Headroom.Lab.Cli.Commands;

/// <summary>
/// `headroom lab data|pretrain|sft|rl|eval|export|study`: the synthetic math world, its base model, SFT and RL
/// runs, evaluation and export on CPU. The training subcommands take --out, --world, --seed, --threads,
/// --preset, --model-size, --set, --allow-changed-settings and --format.
/// </summary>
internal static class LabCommand
{
    public const string Description = "A tiny Llama-shaped reasoning model on a synthetic math world: build data, pretrain the base model, run SFT, RL (GRPO, DAPO) and synchronized SFT+RL (LUFFY, SRFT, UPT, Prefix-RFT), evaluate, export, and run the paper's whole design as a study (CPU, TorchSharp).";

    public static IEnumerable<Command> Verbs()
    {
        yield return Data();
        yield return Pretrain();
        yield return Sft();
        yield return Rl();
        yield return Eval();
        yield return Export();
        yield return LabStudyCommand.Create();
    }

    private static Command Data()
    {
        var command = new Command("data", "Build and describe the world: data sets with their difficulty (steps, tokens, the weaker model's win rate, answers), the base model pretrained to its plateau, benchmark scores with standard errors.");
        var common = new Common(command, "The lab folder (data/ and base/).");
        command.SetAction(parse => common.Run(parse, (options, progress, cancel) => LabSession.BuildData(options, progress, cancel), LabTables.Data));
        return command;
    }

    private static Command Pretrain()
    {
        var command = new Command("pretrain", "Pretrain the base model (direct answers and noisy trajectories) into OUT/base for its budget, which the presets make long enough to reach the plateau of its validation loss (a stopping rule with --set plateau_patience=N); resumes a killed run.");
        var common = new Common(command, "The lab folder (the base model goes to OUT/base).");
        command.SetAction(parse => common.Run(parse, (options, progress, cancel) => LabSession.Pretrain(options, progress, cancel), LabTables.Training));
        return command;
    }

    private static Command Sft()
    {
        var command = new Command("sft", "Fine-tune the base model on one SFT set, writing OUT/checkpoint-N folders (HF trainer_state.json); resumes a killed run.");
        var dataset = new Option<string>("--dataset") { Description = $"SFT set: {string.Join(", ", LabSession.Datasets)}.", Required = true };
        command.Options.Add(dataset);
        var common = new Common(command, "The run folder (checkpoint-N folders).");
        command.SetAction(parse => common.Run(parse, (options, progress, cancel) => LabSession.Sft(options, parse.GetValue(dataset)!, progress, cancel), LabTables.Training));
        return command;
    }

    private static Command Rl()
    {
        var command = new Command("rl", "RL with verifiable rewards (GRPO, DAPO_d, DAPO_dc; LUFFY, SRFT, UPT, Prefix-RFT with expert trajectories) from the base model or an SFT checkpoint, writing verl's file-logger JSONL (val-core/<benchmark>/acc/mean@k, lengths, generation batches, FLOPs) and checkpoint-N folders; resumes a killed run.");
        var from = new Option<string>("--from") { Description = "The starting model: a checkpoint-N folder (its world is found from it), or 'base' for the base model of --world.", Required = true };
        var algorithm = new Option<string>("--algorithm") { Description = "grpo, dapo_d (dynamic sampling), dapo_dc (dynamic sampling and clip 0.2/0.28), or a synchronized SFT+RL method that also learns from the prompts' expert trajectories: luffy, srft, upt, prefix_rft.", DefaultValueFactory = _ => "grpo" };
        command.Options.Add(from);
        command.Options.Add(algorithm);
        var common = new Common(command, "The run folder (the JSONL and checkpoint-N folders).");
        command.SetAction(parse => common.Run(parse, (options, progress, cancel) => LabSession.Rl(options, parse.GetValue(from)!, LabSession.Algorithm(parse.GetValue(algorithm)!), progress, cancel), LabTables.Rl));
        return command;
    }

    private static Command Eval()
    {
        var command = new Command("eval", "Score a model folder on its world's six benchmarks (pass@1, Avg@16, with standard errors) and validation set; the checkpoint is checked first and nothing is built.");
        var checkpoint = new Argument<string>("checkpoint") { Description = "A checkpoint-N folder, a finished run folder, or a lab's base/ folder." };
        command.Arguments.Add(checkpoint);
        var common = new Common(command, "Write the results (JSON) to this file as well; default: write nothing.", outRequired: false);
        command.SetAction(parse => common.Run(parse, (options, progress, cancel) => LabSession.Evaluate(options, parse.GetValue(checkpoint)!, progress, cancel), LabTables.Evaluation));
        return command;
    }

    private static Command Export()
    {
        var command = new Command("export", "Write a model folder as a Hugging Face Llama: model.safetensors (HF parameter names), config.json (model_type llama), tokenizer.json.");
        var checkpoint = new Argument<string>("checkpoint") { Description = "A checkpoint-N folder, a finished run folder, or a lab's base/ folder." };
        var output = new Option<string>("--out") { Description = "The export folder.", Required = true };
        var format = CommonOptions.Format(OutputFormat.Table, OutputFormat.Json);
        command.Arguments.Add(checkpoint);
        command.Options.Add(output);
        command.Options.Add(format);
        command.SetAction(parse =>
        {
            var report = LabSession.Export(parse.GetValue(checkpoint)!, parse.GetValue(output)!);
            Write(parse, parse.GetValue(format), report, LabTables.Export);
            return HeadroomCli.Success;
        });
        return command;
    }

    private static void Write<T>(ParseResult parse, OutputFormat format, T result, Action<IAnsiConsole, T> table)
    {
        var output = parse.InvocationConfiguration.Output;
        if (format == OutputFormat.Json)
        {
            JsonOutput.Write(output, result);
        }
        else
        {
            table(ConsoleFactory.For(output), result);
        }
    }

    /// <summary>The options the lab's training and evaluation subcommands share, and the one way they run.</summary>
    private sealed class Common
    {
        private readonly Option<string> _out;
        private readonly Option<string?> _world = new("--world") { Description = "Lab folder with data/ and base/ (default: --out; for rl and eval, the world the starting checkpoint recorded)." };
        private readonly Option<int> _seed = CommonOptions.Seed();
        private readonly Option<int> _threads = CommonOptions.Threads();
        private readonly Option<string> _preset = new("--preset") { Description = "tiny (seconds), small (minutes; the preset docs/lab-results.md reports) or full (tens of minutes per stage).", DefaultValueFactory = _ => "small" };
        private readonly Option<string?> _modelSize = new("--model-size") { Description = "Model size: 0.2M, 1M, 5M, or a preset's model (tiny, small, full); default: the preset's. The world's base model and every run from it must use the same one." };
        private readonly Option<string[]> _set = new("--set") { Description = "Override a training setting (e.g. --set max_steps=300), a model dimension (model.layers, model.hidden, model.heads, model.feed_forward, model.block_size) or one seed (seed.world, seed.pretrain, seed.sft, seed.rl; --seed sets all four); repeatable; unknown keys are rejected.", AllowMultipleArgumentsPerToken = false };
        private readonly Option<bool> _allowChanged = new("--allow-changed-settings") { Description = "Resume a checkpoint even when --set changes the settings it was written with (the run is then no longer bit-identical to an uninterrupted one)." };
        private readonly Option<OutputFormat> _format = CommonOptions.Format(OutputFormat.Table, OutputFormat.Json);
        private readonly Option<bool> _noProgress = CommonOptions.NoProgress();

        public Common(Command command, string outDescription, bool outRequired = true)
        {
            _out = new Option<string>("--out") { Description = outDescription, Required = outRequired };
            foreach (var option in new Option[] { _out, _world, _seed, _threads, _preset, _modelSize, _set, _allowChanged, _format, _noProgress })
            {
                command.Options.Add(option);
            }
        }

        public int Run<T>(ParseResult parse, Func<LabOptions, IProgress<TrainingProgress>, CancellationToken, T> action, Action<IAnsiConsole, T> table)
        {
            var error = parse.InvocationConfiguration.Error;
            var options = new LabOptions
            {
                Out = parse.GetValue(_out) ?? "",
                World = parse.GetValue(_world),
                Seed = parse.GetValue(_seed),
                Threads = parse.GetValue(_threads) is > 0 and var threads ? threads : Environment.ProcessorCount,
                Preset = parse.GetValue(_preset)!,
                ModelSize = parse.GetValue(_modelSize),
                Settings = parse.GetValue(_set) ?? [],
                AllowChangedSettings = parse.GetValue(_allowChanged),
            };
            var progress = new LabProgressWriter(error, ConsoleFactory.CanDrawLiveProgress(error), parse.GetValue(_noProgress));
            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            if (WorkerEnvironment.IsWorker)
            {
                WorkerEnvironment.CancelWhenParentExits(cancel);
            }

            try
            {
                Write(parse, parse.GetValue(_format), action(options, progress, cancel.Token), table);
                return HeadroomCli.Success;
            }
            catch (OperationCanceledException)
            {
                error.WriteLine("headroom: interrupted; the newest checkpoint is kept, run the same command again to resume.");
                return HeadroomCli.BadInput;
            }
            catch (System.Runtime.InteropServices.ExternalException exception)
            {
                error.WriteLine($"headroom: {LibTorchFailure.Describe(exception)}");
                return HeadroomCli.BadInput;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        }
    }
}
