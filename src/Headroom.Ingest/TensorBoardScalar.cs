namespace Headroom.Ingest;

/// <summary>One scalar value of a TensorBoard event file, as streamed by <see cref="TensorBoardReader.ReadScalars"/>.</summary>
/// <param name="Tag">The summary tag (e.g. `train/loss`).</param>
/// <param name="Step">The event's step.</param>
/// <param name="Value">The value (a float32 `simple_value` widened to double, or the tensor's number).</param>
/// <param name="WallTime">The event's wall time in seconds since the Unix epoch, or null when unset.</param>
public readonly record struct TensorBoardScalar(string Tag, long Step, double Value, double? WallTime);
