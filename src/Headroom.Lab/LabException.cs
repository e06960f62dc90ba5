using Headroom.Core;

namespace Headroom.Lab;

/// <summary>A lab setting, folder or checkpoint that cannot be used; the message says which and how to fix it.</summary>
public sealed class LabException : HeadroomException
{
    private LabException(string message)
        : base(message)
    {
    }

    /// <summary>The advice for a damaged world file.</summary>
    internal const string RebuildWorld = "rebuild the world with 'headroom lab data' into a new folder, or delete the damaged world's data/ folder";

    internal static LabException CorruptFile(string path, string what, string detail, string fix)
        => new($"{path}: not a usable {what} ({detail}); {fix}.");

    internal static LabException OldModel(string path, string modelType)
        => new($"{path} describes a '{modelType}' model, not the lab's Llama-shaped model (lab part 1 wrote 'headroom-gpt'); rebuild it with this version of 'headroom lab'.");

    internal static LabException OldWorld(string path, int version)
        => new($"The world in {path} is version {version}, not {World.WorldDraft.Version} (version 1 had one-digit answers modulo 10; in version 2 a weak solver's dropped carries cancelled; in version 3 the base model knew every operation, so SFT and RL both reached 100%; in version 4 the base model never saw the unfamiliar steps, so what it predicted for them depended on its optimisation path); build a new one with 'headroom lab data --out NEW_FOLDER', or delete its data/ and base/ folders and run again.");

    internal static LabException NoWorld(string folder)
        => new($"{folder} holds no lab world (data/world.json); pass the lab folder with --world, or build one with 'headroom lab data --out {folder}'.");

    internal static LabException Locked(string folder, string holder)
        => new($"{folder} is in use by another lab run ({holder}); wait for it to finish, or use another --out.");

    internal static LabException ChangedSettings(string checkpoint, IEnumerable<string> differences)
        => new($"Checkpoint {checkpoint} was written with other settings ({string.Join("; ", differences)}); rerun with the checkpoint's settings to resume it bit-identically, pass --allow-changed-settings to continue with the new ones, or use another --out.");

    internal static LabException BadOut(string value)
        => new($"--out '{value}' is not a usable folder path; pass a folder such as --out runs/lab.");

    internal static LabException BadThreads(int threads)
        => new($"--threads {threads} is not a thread count; use 1 or more.");

    internal static LabException UnknownAlgorithm(string name)
        => new($"Unknown RL algorithm '{name}'; use grpo, dapo_d, dapo_dc, luffy, srft, upt or prefix_rft.");

    internal static LabException UnknownStudyPreset(string name)
        => new($"Unknown study preset '{name}'; use quick or paper.");

    internal static LabException StudyRunFailed(string run, int exitCode, string log, string lastError)
        => new($"Study run {run} failed (exit {exitCode}): {lastError.TrimEnd('.')}. Its output is in {log}; fix the cause and run the study again: finished runs are skipped and the others resume.");

    internal static LabException WorkerDidNotStart(string executable)
        => new($"Could not start the lab worker '{executable}'; check that the lab tool is installed and runnable.");

    internal static LabException BadStudySetting(string setting)
        => new($"Study setting '{setting}' must be world.KEY=VALUE (the base model's pretraining), sft.KEY=VALUE or rl.KEY=VALUE.");

    internal static LabException BadJobs(int jobs)
        => new($"--jobs {jobs} is not a number of worker processes; use 1 or more.");

    internal static LabException UnknownPreset(string name)
        => new($"Unknown lab preset '{name}'; use tiny, small or full.");

    internal static LabException UnknownSetting(string key, IEnumerable<string> known)
        => new($"Unknown setting '{key}'; known settings are {string.Join(", ", known)}.");

    internal static LabException BadSetting(string key, string value, string expected)
        => new($"Setting '{key}' cannot be '{value}'; it takes {expected}.");

    internal static LabException MalformedSetting(string text)
        => new($"Setting '{text}' is not of the form key=value.");

    internal static LabException UnknownModelSize(string name, IEnumerable<string> known)
        => new($"Unknown model size '{name}'; use one of {string.Join(", ", known)}, or set the dimensions with --set model.layers=N (model.hidden, model.heads, model.feed_forward, model.block_size).");

    internal static LabException HeadsDoNotDivideWidth(int hidden, int heads)
        => new($"Setting 'model.hidden' {hidden} is not a multiple of 'model.heads' {heads}; choose a width that the heads divide.");

    internal static LabException ModelMismatch(string where, string saved, string requested, string flags)
        => new($"{where} holds a model with {saved}, not the requested {requested}; rerun with {flags} to use it, or use another folder.");

    internal static LabException BlockTooShort(int blockSize, int longest, string stage)
        => new($"Setting 'model.block_size' {blockSize} is shorter than the longest {stage} sequence ({longest} tokens); use --set model.block_size={longest} or more.");

    internal static LabException UnknownDataset(string name, IEnumerable<string> known)
        => new($"Unknown SFT dataset '{name}'; use one of {string.Join(", ", known)}.");

    internal static LabException EmptyDataset(string name, string folder)
        => new($"The SFT set '{name}' in {folder} is empty: the base model solved too few (easy) or too many (hard) candidates at this preset; use a larger --preset.");

    internal static LabException ResumeMismatch(string checkpoint, string what, string saved, string requested)
        => new($"Checkpoint {checkpoint} was written with {what} {saved}, not {requested}; rerun with {what} {saved} to resume it, or use another --out.");

    internal static LabException NotACheckpoint(string path)
        => new($"{path} holds no lab model (model.bin and config.json); pass a checkpoint-N folder or a run folder written by 'headroom lab'.");

    internal static LabException WorldMismatch(string path, string saved, string requested)
        => new($"The world in {path} was built with {saved}, not {requested}; use the same --seed and --preset, or another --out.");
}
