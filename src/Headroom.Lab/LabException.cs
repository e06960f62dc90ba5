using Headroom.Core;

namespace Headroom.Lab;

/// <summary>A lab setting, folder or checkpoint that cannot be used; the message says which and how to fix it.</summary>
public sealed class LabException : HeadroomException
{
    private LabException(string message)
        : base(message)
    {
    }

    internal static LabException UnknownPreset(string name)
        => new($"Unknown lab preset '{name}'; use tiny, small or full.");

    internal static LabException UnknownSetting(string key, IEnumerable<string> known)
        => new($"Unknown setting '{key}'; known settings are {string.Join(", ", known)}.");

    internal static LabException BadSetting(string key, string value, string expected)
        => new($"Setting '{key}' cannot be '{value}'; it takes {expected}.");

    internal static LabException MalformedSetting(string text)
        => new($"Setting '{text}' is not of the form key=value.");

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
