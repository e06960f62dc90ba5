namespace Headroom.Ingest;

/// <summary>The format names of the text readers (<see cref="RunLog.Format"/>).</summary>
public static class Formats
{
    /// <summary>Hugging Face Trainer / TRL / LLaMA-Factory `trainer_state.json` (a run folder merges its checkpoints).</summary>
    public const string TrainerState = "trainer_state";

    /// <summary>TensorBoard event files (`events.out.tfevents.*`).</summary>
    public const string TensorBoard = "tensorboard";

    /// <summary>LLaMA-Factory `trainer_log.jsonl` (LogCallback, and the v1 logging callback).</summary>
    public const string LlamaFactory = "llamafactory_log";

    /// <summary>verl FileLogger JSONL (`{"step": n, "data": {...}}`).</summary>
    public const string VerlJsonl = "verl_jsonl";

    /// <summary>verl console output (`step:N - key:value - ...`).</summary>
    public const string VerlConsole = "verl_console";

    /// <summary>ms-swift `logging.jsonl`.</summary>
    public const string MsSwift = "ms_swift_log";

    /// <summary>lm-evaluation-harness `results_*.json` (and the older `&lt;model&gt;_&lt;task&gt;_&lt;n&gt;-shot.json`).</summary>
    public const string LmEval = "lm_eval";

    /// <summary>Qwen2.5-Math evaluation `*_metrics.json`.</summary>
    public const string QwenMathEval = "qwen_math_eval";

    /// <summary>
    /// A CSV/TSV table read without a mapping, its header saying how: a TensorBoard web-UI download
    /// (`Wall time,Step,Value`) or a step column and one column per metric (PyTorch Lightning's `metrics.csv`).
    /// </summary>
    public const string MetricsCsv = "metrics_csv";

    /// <summary>A generic CSV/TSV table read with a column mapping.</summary>
    public const string GenericCsv = "generic_csv";

    /// <summary>A generic JSONL table read with a column mapping.</summary>
    public const string GenericJsonl = "generic_jsonl";

    /// <summary>A generic Parquet table read with a column mapping.</summary>
    public const string GenericParquet = "generic_parquet";
}
