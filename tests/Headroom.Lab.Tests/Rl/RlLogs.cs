using Headroom.Lab.Rl;

namespace Headroom.Lab.Tests.Rl;

internal static class RlLogs
{
    /// <summary>Every logged number of a verl JSONL but the wall-clock timings, one line per step, for bit-for-bit comparisons.</summary>
    public static List<string> Numbers(string log)
        => [.. new VerlFileLog(log).Read().Select(e => $"{e.Step}:" + string.Join(",", e.Data.Where(p => !p.Key.StartsWith("timing_s/", StringComparison.Ordinal)).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value:R}")))];
}
