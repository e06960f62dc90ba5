using System.Globalization;
using System.Text.Json;
using Headroom.Lab.Model;
using TorchSharp.Modules;

namespace Headroom.Lab.Training;

/// <summary>
/// checkpoint-N folders in the Hugging Face layout. A checkpoint is written into a hidden temporary
/// folder and renamed into place, so a kill leaves either the whole checkpoint or none; leftovers of
/// a killed write are removed. Only the newest checkpoint keeps the optimizer state (the only one a
/// resume needs); every checkpoint keeps model, configs and trainer state.
/// </summary>
internal static class Checkpoints
{
    public const string ModelFile = "model.bin";
    public const string OptimizerFile = "optimizer.bin";
    public const string TrainConfigFile = "train_config.json";

    /// <summary>The newest complete checkpoint folder in <paramref name="folder"/>, or null.</summary>
    public static string? Latest(string folder, string stateFile = TrainingState.FileName)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }

        foreach (var leftover in Directory.GetDirectories(folder, ".checkpoint-*.tmp"))
        {
            Directory.Delete(leftover, recursive: true);
        }

        return Directory.GetDirectories(folder, "checkpoint-*")
            .Select(path => (Path: path, Step: int.TryParse(Path.GetFileName(path)["checkpoint-".Length..], CultureInfo.InvariantCulture, out var step) ? step : -1))
            .Where(c => c.Step >= 0 && File.Exists(Path.Combine(c.Path, stateFile)) && File.Exists(Path.Combine(c.Path, OptimizerFile)))
            .OrderByDescending(c => c.Step)
            .Select(c => c.Path)
            .FirstOrDefault();
    }

    /// <summary>Writes checkpoint-N atomically and drops the optimizer state of older checkpoints.</summary>
    public static string Save<TState, TConfig>(string folder, Llama model, OptimizerHelper optimizer, TState state, int step, string stateFile, TrainerStateFile? trainerState, TConfig config)
    {
        var final = Path.Combine(folder, $"checkpoint-{step}");
        var temporary = Path.Combine(folder, $".checkpoint-{step}.tmp");
        if (Directory.Exists(temporary))
        {
            Directory.Delete(temporary, recursive: true);
        }

        Directory.CreateDirectory(temporary);
        WriteModel(temporary, model);
        optimizer.save_state_dict(Path.Combine(temporary, OptimizerFile));
        trainerState?.Write(Path.Combine(temporary, TrainerStateFile.FileName));
        File.WriteAllText(Path.Combine(temporary, TrainConfigFile), JsonSerializer.Serialize(config, ConfigOverrides.Json) + "\n");
        File.WriteAllText(Path.Combine(temporary, stateFile), JsonSerializer.Serialize(state, ConfigOverrides.Json) + "\n");
        if (Directory.Exists(final))
        {
            Directory.Delete(final, recursive: true);
        }

        Directory.Move(temporary, final);
        foreach (var older in Directory.GetDirectories(folder, "checkpoint-*").Where(path => path != final))
        {
            File.Delete(Path.Combine(older, OptimizerFile));
        }

        return final;
    }

    /// <summary>Writes model.bin and the HF config.json of <paramref name="model"/> into <paramref name="folder"/>.</summary>
    public static void WriteModel(string folder, Llama model)
    {
        Directory.CreateDirectory(folder);
        model.save(Path.Combine(folder, ModelFile));
        HfModelConfig.Write(Path.Combine(folder, HfModelConfig.FileName), model.Config, model.ParameterCount);
    }

    /// <summary>Reads the resume state of a checkpoint folder; a damaged file is a <see cref="LabException"/> naming it.</summary>
    public static T ReadState<T>(string checkpoint, string fileName)
        where T : class
        => LabFiles.ReadJson<T>(Path.Combine(checkpoint, fileName), "training state", ConfigOverrides.Json);

    /// <summary>
    /// Refuses to resume <paramref name="checkpoint"/> with settings other than those it was written with
    /// (train_config.json), naming each differing key, unless <paramref name="allowChanged"/>.
    /// </summary>
    public static void RequireSameSettings<T>(string checkpoint, T requested, bool allowChanged)
    {
        var path = Path.Combine(checkpoint, TrainConfigFile);
        var saved = LabFiles.ReadJsonObject(path, "training settings");
        var now = JsonSerializer.SerializeToNode(requested, ConfigOverrides.Json)!.AsObject();
        var differences = now.Select(p => p.Key).Union(saved.Select(p => p.Key))
            .Where(key => saved[key]?.ToJsonString() != now[key]?.ToJsonString())
            .Select(key => $"{key} {saved[key]?.ToJsonString() ?? "unset"}, now {now[key]?.ToJsonString() ?? "unset"}")
            .ToList();
        if (differences.Count > 0 && !allowChanged)
        {
            throw LabException.ChangedSettings(checkpoint, differences);
        }
    }

    /// <summary>
    /// Refuses a model folder (a base model or a checkpoint) whose config.json describes another shape than
    /// <paramref name="requested"/>; the message names <paramref name="where"/> and the settings that fit it.
    /// </summary>
    public static void RequireModel(string folder, LlamaConfig requested, string where)
    {
        var saved = HfModelConfig.Read(Path.Combine(folder, HfModelConfig.FileName));
        if (saved != requested)
        {
            throw LabException.ModelMismatch(where, $"{saved}", $"{requested}", ModelSizes.Flags(saved));
        }
    }

    /// <summary>Loads a model saved by <see cref="WriteModel"/> (its config.json gives the shape).</summary>
    public static Llama LoadModel(string folder)
    {
        var modelFile = Path.Combine(folder, ModelFile);
        var configFile = Path.Combine(folder, HfModelConfig.FileName);
        if (!File.Exists(modelFile) || !File.Exists(configFile))
        {
            throw LabException.NotACheckpoint(folder);
        }

        var model = new Llama(HfModelConfig.Read(configFile), seed: 0);
        try
        {
            LabFiles.LoadWeights(modelFile, "model", () => model.load(modelFile));
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}
