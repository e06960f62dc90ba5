using System.CommandLine;
using System.Globalization;
using Headroom.Cli.Output;
using Headroom.Cli.Watch;
using Headroom.Core;
using Headroom.Core.Regimes;
using Headroom.Ingest;
using Headroom.Study;

namespace Headroom.Cli.Commands;

/// <summary>`headroom watch RUN_DIR`: follows a live SFT run and says when to switch to RL (framework.md §4, provisional).</summary>
internal static class WatchCommand
{
    /// <summary>Exit code when `--idle-timeout` passed without new data.</summary>
    public const int IdleTimeout = 3;

    private enum Until
    {
        Stable,
        Severe,
        Done,
    }

    public static Command Create()
    {
        var path = new Argument<string>("path")
        {
            Description = "The SFT run's output folder (checkpoint-N/ folders, trainer_state.json, TensorBoard events, trainer_log.jsonl, ...) or one log file. "
                + "It may not exist yet if its parent folder does.",
        };
        var loss = new Option<string?>("--loss") { HelpName = "key", Description = "The key or canonical name of the validation loss (default sft_val_loss, e.g. HF's eval_loss)." };
        var interval = new Option<double>("--interval") { HelpName = "seconds", Description = "Seconds between polls; a poll reads only what was written since the last.", DefaultValueFactory = _ => 10 };
        var until = new Option<Until>("--until")
        {
            HelpName = "stable|severe|done",
            Description = "Stop at the Stable entry, at Severe overfitting, or when training ends (it always stops when training ends).",
            DefaultValueFactory = _ => Until.Done,
        };
        var onStable = new Option<string?>("--on-stable")
        {
            HelpName = "command",
            Description = "A shell command run once at the Stable entry, waited for; it gets HEADROOM_CHECKPOINT (the checkpoint folder to start RL from, "
                + "empty when none is saved), HEADROOM_STEP, HEADROOM_LOSS and HEADROOM_RUN. Its output goes to stderr.",
        };
        var confirm = new Option<int>("--confirm")
        {
            HelpName = "n",
            Description = "Evaluations after the switch point that must leave it in place before the Stable entry is announced.",
            DefaultValueFactory = _ => 2,
        };
        var delta = new Option<double>("--delta") { Description = "Stable band: L <= (1+delta) L_min.", DefaultValueFactory = _ => RegimeOptions.Default.Delta };
        var delta2 = new Option<double>("--delta2") { Description = "After the last Stable checkpoint, L >= (1+delta2) L_min is Severe overfitting.", DefaultValueFactory = _ => RegimeOptions.Default.Delta2 };
        var idle = new Option<double>("--idle-timeout")
        {
            HelpName = "seconds",
            Description = $"Stop with exit code {IdleTimeout} when nothing new was written for this many seconds (0: wait for ever).",
            DefaultValueFactory = _ => 0,
        };
        var format = CommonOptions.Format(OutputFormat.Table, OutputFormat.Json);
        format.Description = "Output on stdout: table (one line per event) or json (one JSON object per line and event).";

        var command = new Command("watch", "Follow a live SFT run: each new validation loss with its provisional regime, the Stable entry and the checkpoint to switch to RL from, Severe overfitting, the end of training.");
        command.Arguments.Add(path);
        foreach (var option in new Option[] { loss, interval, until, onStable, confirm, delta, delta2, idle, format })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var pollEvery = Positive(parse.GetValue(interval), "--interval");
            var idleAfter = parse.GetValue(idle);
            if (!double.IsFinite(idleAfter) || idleAfter < 0)
            {
                throw InvalidSettingException.Inconsistent($"--idle-timeout must be 0 or a number of seconds; got {idleAfter.ToString(CultureInfo.InvariantCulture)}");
            }

            if (parse.GetValue(confirm) < 1)
            {
                throw InvalidSettingException.Inconsistent("--confirm must be 1 or more");
            }

            var regimeOptions = new RegimeOptions { Delta = parse.GetValue(delta), Delta2 = parse.GetValue(delta2), Provisional = true };
            regimeOptions.Validate();
            var watch = new SftRunWatch(parse.GetValue(path)!, parse.GetValue(loss), parse.GetValue(confirm), regimeOptions);
            if (!File.Exists(watch.Path) && !Directory.Exists(watch.Path) && !Directory.Exists(Path.GetDirectoryName(watch.Path)))
            {
                throw IngestException.NotFound(watch.Path);
            }

            using var stop = new StopSignal();
            var run = new WatchLoop(
                watch,
                new WatchPrinter(parse.InvocationConfiguration.Output, parse.GetValue(format) == OutputFormat.Json, regimeOptions),
                parse.InvocationConfiguration.Error,
                parse.GetValue(onStable),
                TimeSpan.FromSeconds(pollEvery),
                idleAfter > 0 ? TimeSpan.FromSeconds(idleAfter) : null);
            var goal = parse.GetValue(until);
            return run.Run(e => e is TrainingFinished || (goal == Until.Stable && e is StableEntered) || (goal == Until.Severe && e is SevereOverfittingSeen), stop.Token);
        });
        return command;
    }

    private static double Positive(double seconds, string option)
        => double.IsFinite(seconds) && seconds > 0
            ? seconds
            : throw InvalidSettingException.Inconsistent($"{option} must be a positive number of seconds; got {seconds.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Polls until the goal, the end of training, the idle timeout or a stop signal.</summary>
    private sealed class WatchLoop(SftRunWatch watch, WatchPrinter printer, TextWriter error, string? onStable, TimeSpan interval, TimeSpan? idleTimeout)
    {
        public int Run(Func<WatchEvent, bool> isLast, CancellationToken stop)
        {
            error.WriteLine($"Watching {watch.Path} for '{watch.LossKey}' every {interval.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (Ctrl-C to stop).");
            var lastNews = DateTime.UtcNow;
            var waitingSaid = false;
            var exitCode = HeadroomCli.Success;
            while (!stop.IsCancellationRequested)
            {
                var bytesBefore = watch.BytesRead;
                IReadOnlyList<WatchEvent> events;
                try
                {
                    events = watch.Poll();
                }
                catch (IngestException) when (!File.Exists(watch.Path) && !Directory.Exists(watch.Path) && Directory.Exists(Path.GetDirectoryName(watch.Path)))
                {
                    if (!waitingSaid)
                    {
                        error.WriteLine($"Waiting for {watch.Path} to appear.");
                        waitingSaid = true;
                    }

                    events = [];
                }

                foreach (var watchEvent in events)
                {
                    if (watchEvent is WatchNote note)
                    {
                        error.WriteLine($"warning: {note.Text}");
                        continue;
                    }

                    printer.Write(watchEvent);
                    if (watchEvent is TrainingFinished finished)
                    {
                        foreach (var warning in finished.Warnings)
                        {
                            error.WriteLine($"warning: {warning}");
                        }
                    }

                    if (watchEvent is StableEntered stable && onStable is not null)
                    {
                        exitCode = Math.Max(exitCode, RunOnStable(stable));
                    }

                    if (isLast(watchEvent))
                    {
                        return exitCode;
                    }
                }

                if (events.Count > 0 || watch.BytesRead > bytesBefore)
                {
                    lastNews = DateTime.UtcNow;
                }

                if (idleTimeout is { } idle && DateTime.UtcNow - lastNews > idle)
                {
                    error.WriteLine($"headroom: nothing new under {watch.Path} for {idle.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s; stopped ({Summary()}).");
                    return IdleTimeout;
                }

                stop.WaitHandle.WaitOne(interval);
            }

            error.WriteLine($"Stopped ({Summary()}).");
            return exitCode;
        }

        private string Summary() => $"{watch.Evaluations} evaluation(s) seen{(watch.StableAnnounced ? ", Stable entry announced" : string.Empty)}";

        private int RunOnStable(StableEntered stable)
        {
            var environment = new Dictionary<string, string>
            {
                ["HEADROOM_CHECKPOINT"] = stable.Checkpoint ?? string.Empty,
                ["HEADROOM_STEP"] = stable.Step.ToString(CultureInfo.InvariantCulture),
                ["HEADROOM_LOSS"] = stable.Loss.ToString("R", CultureInfo.InvariantCulture),
                ["HEADROOM_RUN"] = watch.Path,
            };
            var code = ShellCommand.Run(onStable!, environment, error);
            printer.WriteCommandRan(onStable!, code);
            if (code != 0)
            {
                error.WriteLine($"headroom: --on-stable command exited with {code.ToString(CultureInfo.InvariantCulture)}: {onStable}");
                return HeadroomCli.BadInput;
            }

            return HeadroomCli.Success;
        }
    }
}
