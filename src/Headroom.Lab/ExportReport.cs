namespace Headroom.Lab;

/// <summary>What `lab export` wrote.</summary>
/// <param name="Checkpoint">The exported model folder.</param>
/// <param name="Folder">The export folder.</param>
/// <param name="Files">The files written (model.safetensors, config.json, tokenizer.json, ...).</param>
/// <param name="Tensors">Tensors in model.safetensors, with their Hugging Face names.</param>
/// <param name="Parameters">Parameters in them.</param>
public sealed record ExportReport(string Checkpoint, string Folder, IReadOnlyList<string> Files, IReadOnlyList<string> Tensors, long Parameters);
