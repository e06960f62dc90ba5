using System.Diagnostics;
using Headroom.Lab.Training;
using Headroom.Lab.World;

namespace Headroom.Lab.Studies;

/// <summary>
/// Runs a study: the world first, then a pool of at most `jobs` worker processes over the independent runs,
/// SFT runs first since each one, when finished, adds its SFT-then-RL branches to the queue. A run whose
/// marker says it finished with the same command is skipped; any other is started, and resumes from its
/// newest checkpoint if an earlier study was killed. A run that fails is started once more at once, resuming
/// from its newest checkpoint (resume is bit-identical, and libtorch on TorchSharp fails a long run now and then
/// for reasons outside the run: docs/lab-results.md); a run that fails twice stops new starts, the others
/// finish, and the failure is reported with its log. Progress is reported at every event, whenever a run's whole percentage changes, and every two seconds.
/// </summary>
internal sealed class StudyRunner(StudyPlanner planner, StudySettings settings, WorkerCommand worker, int jobs, IProgress<StudyProgress>? progress)
{
    private readonly Lock _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly StudyEta _eta = new();
    private readonly Dictionary<StudyRun, double> _running = [];
    private readonly List<StudyRun> _queue = [];
    private readonly List<(StudyRun Run, StudyRunResult Result)> _done = [];
    private readonly HashSet<string> _retried = [];
    private int _sftLeft;
    private bool _planned;
    private double _branchesPerSft = 4;

    private string Logs => Path.Combine(settings.Folder, "logs");

    /// <summary>Runs everything; the world's report and every run with its result, in plan order.</summary>
    public async Task<(DataReport World, IReadOnlyList<(StudyRun Run, StudyRunResult Result)> Runs)> RunAsync(CancellationToken cancel)
    {
        Directory.CreateDirectory(Logs);
        using var ticker = new CancellationTokenSource();
        var ticks = Tick(ticker.Token);
        DataReport world;
        IReadOnlyList<StudyRun> independent;
        try
        {
            world = await World(cancel);
            independent = planner.Independent(world.Sets);
            lock (_gate)
            {
                _queue.AddRange(independent.OrderBy(r => r.Kind == StudyRunKind.Sft ? 0 : 1));
                _sftLeft = independent.Count(r => r.Kind == StudyRunKind.Sft);
                _planned = true;
            }

            await Pool(cancel);
        }
        finally
        {
            await ticker.CancelAsync();
            await ticks;
        }

        var order = independent.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var datasets = planner.Preset.Datasets.ToList();
        var runs = _done.OrderBy(d => order.GetValueOrDefault(d.Run.Id, int.MaxValue))
            .ThenBy(d => datasets.IndexOf(d.Run.Dataset ?? "")).ThenBy(d => d.Run.FromStep).ToList();
        return (world, runs);
    }

    /// <summary>`lab data`: builds the world, or checks the one there against the preset and seed.</summary>
    private async Task<DataReport> World(CancellationToken cancel)
    {
        var run = planner.World();
        lock (_gate)
        {
            _running[run] = 0;
        }

        Report($"building or checking the world in {run.Folder}");
        var outcome = await WorkerProcess.RunAsync(worker, run, Logs, f => Progressed(run, f), cancel);
        lock (_gate)
        {
            _running.Remove(run);
        }

        if (outcome.ExitCode != 0)
        {
            throw LabException.StudyRunFailed(run.Id, outcome.ExitCode, Path.Combine(Logs, "world.log"), outcome.LastError);
        }

        Report($"world ready in {outcome.Seconds:F0} s");
        return LabFiles.ReadJson<DataReport>(LabWorld.ReportFile(settings.WorldFolder), "world report", ConfigOverrides.Json);
    }

    private async Task Pool(CancellationToken cancel)
    {
        var active = new List<Task<(StudyRun Run, WorkerProcess.Outcome Outcome)>>();
        (StudyRun Run, WorkerProcess.Outcome Outcome)? failed = null;
        try
        {
            while (true)
            {
                cancel.ThrowIfCancellationRequested();
                while (failed is null && active.Count < jobs && Next() is { } run)
                {
                    if (RunMarker.Read(run.Folder) is { } marker && marker.Arguments.SequenceEqual(run.Arguments, StringComparer.Ordinal))
                    {
                        Finish(run, marker.Seconds, skipped: true);
                        continue;
                    }

                    lock (_gate)
                    {
                        _running[run] = 0;
                    }

                    Report($"started {run.Id}");
                    active.Add(Start(run, cancel));
                }

                if (active.Count == 0)
                {
                    break;
                }

                var finished = await Task.WhenAny(active);
                active.Remove(finished);
                var (done, outcome) = await finished;
                lock (_gate)
                {
                    _running.Remove(done);
                }

                if (outcome.ExitCode == 0)
                {
                    new RunMarker(done.Arguments, outcome.Seconds).Write(done.Folder);
                    Finish(done, outcome.Seconds, skipped: false);
                }
                else if (failed is null && _retried.Add(done.Id))
                {
                    lock (_gate)
                    {
                        _running[done] = 0;
                    }

                    Report($"{done.Id} failed (exit {outcome.ExitCode}): {outcome.LastError}; resuming it once from its newest checkpoint");
                    active.Add(Start(done, cancel));
                }
                else
                {
                    failed ??= (done, outcome);
                    Report($"{done.Id} failed (exit {outcome.ExitCode}): {outcome.LastError}");
                }
            }
        }
        catch (OperationCanceledException)
        {
            await Task.WhenAll(active.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
            throw;
        }

        if (failed is { } f)
        {
            throw LabException.StudyRunFailed(f.Run.Id, f.Outcome.ExitCode, Path.Combine(Logs, f.Run.Id.Replace('/', '-') + ".log"), f.Outcome.LastError);
        }
    }

    private async Task<(StudyRun, WorkerProcess.Outcome)> Start(StudyRun run, CancellationToken cancel)
    {
        Directory.CreateDirectory(run.Folder);
        var outcome = await WorkerProcess.RunAsync(worker, run, Logs, f => Progressed(run, f), cancel);
        return (run, outcome);
    }

    /// <summary>A run's fraction done, read from its log; reported at once when its whole percentage changes.</summary>
    private void Progressed(StudyRun run, double fraction)
    {
        bool changed;
        lock (_gate)
        {
            changed = !_running.TryGetValue(run, out var before) || Math.Floor(before * 100) != Math.Floor(fraction * 100);
            _running[run] = fraction;
        }

        if (changed)
        {
            Report(null);
        }
    }

    private StudyRun? Next()
    {
        lock (_gate)
        {
            if (_queue.Count == 0)
            {
                return null;
            }

            var run = _queue[0];
            _queue.RemoveAt(0);
            return run;
        }
    }

    /// <summary>Records a finished (or earlier finished) run; a finished SFT run adds its branches to the queue.</summary>
    private void Finish(StudyRun run, double seconds, bool skipped)
    {
        IReadOnlyList<StudyRun> branches = [];
        if (run.Kind == StudyRunKind.Sft)
        {
            branches = planner.Branches(run);
        }

        lock (_gate)
        {
            _done.Add((run, new StudyRunResult(run.Id, Kind(run.Kind), run.Folder, skipped, seconds, run.Regime)));
            _eta.Add(run.Kind, seconds);
            if (run.Kind == StudyRunKind.Sft)
            {
                var finishedSft = _done.Count(d => d.Run.Kind == StudyRunKind.Sft);
                _branchesPerSft = (_branchesPerSft * (finishedSft - 1) + branches.Count) / finishedSft;
                _sftLeft--;
                _queue.AddRange(branches);
            }
        }

        var branchNote = run.Kind == StudyRunKind.Sft ? $"; branches at {(branches.Count == 0 ? "none (no labelled checkpoint)" : string.Join(", ", branches.Select(b => $"step {b.FromStep} ({b.Regime})")))}" : "";
        Report(skipped ? $"{run.Id} had finished before ({seconds:F0} s){branchNote}" : $"finished {run.Id} in {seconds:F0} s{branchNote}");
    }

    private async Task Tick(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                Report(null);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Report(string? message)
    {
        if (progress is null)
        {
            return;
        }

        StudyProgress value;
        lock (_gate)
        {
            var pendingBranches = (int)Math.Round(_sftLeft * _branchesPerSft);
            var left = _queue.Select(r => r.Kind).Concat(Enumerable.Repeat(StudyRunKind.Branch, pendingBranches)).ToList();
            var eta = _planned ? _eta.Remaining(left, _running.Select(r => (r.Key.Kind, r.Value)), jobs) : null;
            value = new StudyProgress(_done.Count, [.. _running.Select(r => new StudyRunProgress(r.Key.Id, r.Value)).OrderBy(r => r.Id, StringComparer.Ordinal)], left.Count, _clock.Elapsed, eta, message);
        }

        progress.Report(value);
    }

    private static string Kind(StudyRunKind kind) => kind switch
    {
        StudyRunKind.World => "world",
        StudyRunKind.Sft => "sft",
        StudyRunKind.PureRl => "pure-rl",
        StudyRunKind.Synchronized => "synchronized",
        _ => "sft-then-rl",
    };
}
