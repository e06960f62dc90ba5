namespace Headroom.Study;

/// <summary>
/// A compute budget in EF, given directly or as GPU-hours at a stated model FLOPs utilisation: EF = hours · 3600 ·
/// peak · MFU / 10^18, with each GPU's dense BF16 peak as verl's `flops_counter.py` lists it.
/// </summary>
public static class ComputeBudget
{
    /// <summary>Dense BF16 peak FLOP/s per GPU.</summary>
    public static IReadOnlyDictionary<string, double> PeakFlops { get; } = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
    {
        ["h100"] = 989e12,
        ["h800"] = 989e12,
        ["h200"] = 989e12,
        ["a100"] = 312e12,
        ["a800"] = 312e12,
        ["b200"] = 2.25e15,
        ["mi300x"] = 1336e12,
        ["h20"] = 148e12,
        ["l40s"] = 362e12,
    };

    /// <summary>EF from GPU-hours; fails on an unknown GPU or an MFU outside (0, 1].</summary>
    public static double FromGpuHours(double hours, string gpu, double mfu)
    {
        if (!PeakFlops.TryGetValue(gpu, out var peak))
        {
            throw Headroom.Core.InvalidSettingException.Inconsistent($"Unknown --gpu '{gpu}'; known: {string.Join(", ", PeakFlops.Keys)}");
        }

        if (!(mfu > 0 && mfu <= 1))
        {
            throw Headroom.Core.InvalidSettingException.OutOfRange("--mfu", mfu, "in (0, 1]");
        }

        return hours * 3600 * peak * mfu / 1e18;
    }
}
