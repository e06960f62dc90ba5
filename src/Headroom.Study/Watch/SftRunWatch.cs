using System.Globalization;
using Headroom.Core.Regimes;
using Headroom.Ingest;

namespace Headroom.Study;

/// <summary>
/// Follows a live SFT run (a run folder or one log file) and tells, poll by poll, each new validation loss with
/// its provisional regime, the Stable entry with the checkpoint to switch to RL from, Severe overfitting, and the
/// end of training (<see cref="LiveSftRegimes"/> over a <see cref="LogFollower"/>).
/// </summary>
/// <remarks>
/// A trainer often writes one evaluation to several logs (HF: every checkpoint's `trainer_state.json` repeats the
/// history, and TensorBoard has it in float32). A step's loss comes from the first log that gave it; only that
/// log can change it later (a rewrite).
/// </remarks>
public sealed class SftRunWatch
{
    private readonly LogFollower _follower;
    private readonly LiveSftRegimes _regimes;
    private readonly string _key;
    private readonly string _runFolder;
    private readonly Dictionary<long, string> _sourceOfStep = [];
    private readonly SortedSet<string> _otherKeys = new(StringComparer.Ordinal);

    /// <param name="path">The run folder (with its `checkpoint-N/` folders) or one log file.</param>
    /// <param name="lossKey">The key or canonical name of the validation loss; null for canonical `sft_val_loss`.</param>
    /// <param name="confirm">Later evaluations the switch point must hold for (see <see cref="LiveSftRegimes"/>).</param>
    /// <param name="options">δ and δ₂.</param>
    public SftRunWatch(string path, string? lossKey = null, int confirm = 2, RegimeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        _key = lossKey ?? CanonicalSeries.SftValLoss;
        _follower = new LogFollower(path, ReaderOptions.Default with { KeepSeries = Keep });
        _runFolder = Directory.Exists(_follower.Path) ? _follower.Path : System.IO.Path.GetDirectoryName(_follower.Path)!;
        _regimes = new LiveSftRegimes(confirm, CheckpointFor, options);
    }

    /// <summary>The run folder or log file followed (full path).</summary>
    public string Path => _follower.Path;

    /// <summary>The key or canonical name of the validation loss followed.</summary>
    public string LossKey => _key;

    /// <summary>True once the trainer has written what it writes when training ends, and the final labels were told.</summary>
    public bool Finished { get; private set; }

    /// <summary>True once the Stable entry has been announced.</summary>
    public bool StableAnnounced => _regimes.StableAnnounced;


    /// <summary>The evaluations seen so far.</summary>
    public int Evaluations => _regimes.Count;

    /// <summary>The bytes read by all polls (the new data, not the size of the logs times the polls).</summary>
    public long BytesRead { get; private set; }

    /// <summary>
    /// Reads what the trainer wrote since the last poll. Throws <see cref="IngestException"/> when the path does not
    /// exist (yet).
    /// </summary>
    public IReadOnlyList<WatchEvent> Poll()
    {
        var update = _follower.Poll();
        BytesRead += update.BytesRead;
        var events = new List<WatchEvent>(update.Notes.Select(n => new WatchNote(n)));
        var evaluations = new List<(long Step, double Loss)>();
        foreach (var run in update.Runs)
        {
            foreach (var series in run.Series)
            {
                if (series.Key != _key && series.Canonical != _key)
                {
                    continue;
                }

                foreach (var point in series.Points)
                {
                    if (_sourceOfStep.TryAdd(point.Step, run.Path) || _sourceOfStep[point.Step] == run.Path)
                    {
                        evaluations.Add((point.Step, point.Value));
                    }
                }
            }
        }

        events.AddRange(_regimes.Add(evaluations));
        if (_follower.TrainingEnded && !Finished)
        {
            Finished = true;
            events.AddRange(_regimes.Finish().Select(e => e is TrainingFinished { Evaluations: 0 } finished ? finished with { Warnings = [NoLossSeen()] } : e));
        }

        return events;
    }

    // Only the loss is held, however large the logs; the other keys are remembered to name them if no loss comes.
    private bool Keep(string format, string rawKey)
    {
        var kept = rawKey == _key || CanonicalNames.BuiltIn.Map(format, rawKey) == _key;
        if (!kept)
        {
            _otherKeys.Add(rawKey);
        }

        return kept;
    }

    private string NoLossSeen()
        => _otherKeys.Count == 0
            ? $"No '{_key}' was seen: no log under {Path} had one."
            : $"No '{_key}' was seen; the logs have: {string.Join(", ", _otherKeys.Take(12))}{(_otherKeys.Count > 12 ? ", ..." : string.Empty)} (name the loss with --loss).";

    // The checkpoint saved at the step, or else the first saved after it.
    private string? CheckpointFor(long step)
    {
        var exact = System.IO.Path.Combine(_runFolder, $"checkpoint-{step.ToString(CultureInfo.InvariantCulture)}");
        if (Directory.Exists(exact))
        {
            return exact;
        }

        return Directory.EnumerateDirectories(_runFolder, "checkpoint-*")
            .Select(d => (Folder: d, Step: long.TryParse(System.IO.Path.GetFileName(d)["checkpoint-".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : -1))
            .Where(c => c.Step > step)
            .OrderBy(c => c.Step)
            .Select(c => c.Folder)
            .FirstOrDefault();
    }
}
