using System.CommandLine;
using Headroom.Cli;
using Headroom.Cli.Commands;
using Headroom.Cli.Output;
using Spectre.Console;

namespace Headroom.Lab.Cli.Commands;

/// <summary>
/// `headroom lab data|pretrain|sft|eval`: the synthetic math world, its base model, SFT runs and
/// evaluation on CPU. Every subcommand takes --out, --seed, --threads, --preset, --model-size, --set and --format.
/// </summary>
internal static class LabCommand
{
    public const string Description = "A tiny reasoning model on a synthetic math world: build data, pretrain the base model, run SFT, evaluate (CPU, TorchSharp).";

    public static IEnumerable<Command> Verbs()
    {
        yield return Data();
        yield return Pretrain();
        yield return Sft();
        yield return Eval();
    }

    private static Command Data()
    {
        var command = new Command("data", "Build and describe the world: data set sizes, difficulty histogram, base-model win rates.");
        var common = new Common(command);
        command.SetAction(parse => common.Run(parse, (options, progress, cancel) => LabSession.BuildData(options, progress, cancel), LabTables.Data));
        return command;
    }

    private static Command Pretrain()
    {
        var command = new Command("pretrain", "Pretrain the base model (direct answers and noisy trajectories) into OUT/base; resumes a killed run.");
        var common = new Common(command);
        command.SetAction(parse => common.Run(parse, (options, progress, cancel) => LabSession.Pretrain(options, progress, cancel), LabTables.Training));
        return command;
    }

    private static Command Sft()
    {
        var command = new Command("sft", "Fine-tune the base model on one SFT set, writing OUT/checkpoint-N folders (HF trainer_state.json); resumes a killed run.");
        var dataset = new Option<string>("--dataset") { Description = $"SFT set: {string.Join(", ", LabSession.Datasets)}.", Required = true };
        command.Options.Add(dataset);
        var common = new Common(command);
        command.SetAction(parse => common.Run(parse, (options, progress, cancel) => LabSession.Sft(options, parse.GetValue(dataset)!, progress, cancel), LabTables.Training));
        return command;
    }

    private static Command Eval()
    {
        var command = new Command("eval", "Score a checkpoint folder on the six benchmarks (pass@1, Avg@16) and the validation set.");
        var checkpoint = new Argument<string>("checkpoint") { Description = "A checkpoint-N folder (or a finished run folder)." };
        command.Arguments.Add(checkpoint);
        var common = new Common(command);
        command.SetAction(parse => common.Run(parse, (options, progress, cancel) => LabSession.Evaluate(options, parse.GetValue(checkpoint)!, progress, cancel), LabTables.Evaluation));
        return command;
    }

    /// <summary>The options every lab subcommand shares, and the one way they run.</summary>
    private sealed class Common
    {
        private readonly Option<string> _out = new("--out") { Description = "Output folder (the lab folder for data/pretrain/eval; the run folder for sft).", Required = true };
        private readonly Option<string?> _world = new("--world") { Description = "Lab folder with data/ and base/ (default: --out)." };
        private readonly Option<int> _seed = CommonOptions.Seed();
        private readonly Option<int> _threads = CommonOptions.Threads();
        private readonly Option<string> _preset = new("--preset") { Description = "tiny (seconds), small (minutes) or full (the size the results note reports).", DefaultValueFactory = _ => "small" };
        private readonly Option<string?> _modelSize = new("--model-size") { Description = "Model size: 0.2M, 1M, 5M, or a preset's model (tiny, small, full); default: the preset's. The world's base model and every SFT run from it must use the same one." };
        private readonly Option<string[]> _set = new("--set") { Description = "Override a training setting (e.g. --set max_steps=300) or a model dimension (model.layers, model.hidden, model.heads, model.feed_forward, model.block_size; e.g. --set model.layers=6); repeatable; unknown keys are rejected.", AllowMultipleArgumentsPerToken = false };
        private readonly Option<OutputFormat> _format = CommonOptions.Format(OutputFormat.Table, OutputFormat.Json);
        private readonly Option<bool> _noProgress = CommonOptions.NoProgress();

        public Common(Command command)
        {
            foreach (var option in new Option[] { _out, _world, _seed, _threads, _preset, _modelSize, _set, _format, _noProgress })
            {
                command.Options.Add(option);
            }
        }

        public int Run<T>(ParseResult parse, Func<LabOptions, IProgress<TrainingProgress>, CancellationToken, T> action, Action<IAnsiConsole, T> table)
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var options = new LabOptions
            {
                Out = parse.GetValue(_out)!,
                World = parse.GetValue(_world),
                Seed = parse.GetValue(_seed),
                Threads = parse.GetValue(_threads) is > 0 and var threads ? threads : Environment.ProcessorCount,
                Preset = parse.GetValue(_preset)!,
                ModelSize = parse.GetValue(_modelSize),
                Settings = parse.GetValue(_set) ?? [],
            };
            var progress = new LabProgressWriter(error, ConsoleFactory.CanDrawLiveProgress(error), parse.GetValue(_noProgress));
            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                var result = action(options, progress, cancel.Token);
                if (parse.GetValue(_format) == OutputFormat.Json)
                {
                    JsonOutput.Write(output, result);
                }
                else
                {
                    table(ConsoleFactory.For(output), result);
                }

                return HeadroomCli.Success;
            }
            catch (OperationCanceledException)
            {
                error.WriteLine("headroom: interrupted; the newest checkpoint is kept, run the same command again to resume.");
                return HeadroomCli.BadInput;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        }
    }
}
