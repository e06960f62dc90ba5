namespace Headroom.Ingest;

/// <summary>
/// A FLOPs count of exactly 0: TRL and others write `total_flos: 0` when they do not count FLOPs, so the value says
/// "unknown", not "no compute". Readers treat it as absent and count it under <see cref="Reason"/>.
/// </summary>
internal static class UncountedFlops
{
    public const string Reason = "FLOPs of 0 (the trainer did not count them; treated as absent)";
}
