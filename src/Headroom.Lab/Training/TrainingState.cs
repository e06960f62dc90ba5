namespace Headroom.Lab.Training;

/// <summary>
/// What a checkpoint needs beyond model and optimizer weights to continue bit-identically: the step,
/// the data stream position, the evaluation sampler's generator state, and the running counters.
/// Written as `training_state.json` (the lab's counterpart of HF's rng_state.pth and scheduler.pt;
/// the learning rate is a pure function of the step, so the schedule state is the step).
/// </summary>
internal sealed record TrainingState
{
    public const string FileName = "training_state.json";

    public int Step { get; init; }

    public int Seed { get; init; }

    public int Threads { get; init; }

    /// <summary>Examples consumed so far: the data-order stream position.</summary>
    public long DataPosition { get; init; }

    /// <summary>Epoch of the next example (DataPosition / dataset size), for readers.</summary>
    public long DataEpoch { get; init; }

    /// <summary>The evaluation sampler's torch generator state, base64.</summary>
    public string SamplerState { get; init; } = "";

    public long TokensSeen { get; init; }

    public double TotalFlos { get; init; }

    /// <summary>Training loss summed since the last log entry, and how many steps that covers.</summary>
    public double PendingLossSum { get; init; }

    public int PendingLossSteps { get; init; }

    /// <summary>Training loss summed over every step, for the final train_loss.</summary>
    public double LossSum { get; init; }

    public double Seconds { get; init; }

    /// <summary>The lab folder of the world the run trained on ("" when the run has none), so `lab eval` and `lab rl` find it.</summary>
    public string World { get; init; } = "";

    /// <summary>A hash of the training data, so a checkpoint is never resumed on other data.</summary>
    public string DataFingerprint { get; init; } = "";
}
