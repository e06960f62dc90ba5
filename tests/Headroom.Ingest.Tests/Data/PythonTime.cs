namespace Headroom.Ingest.Tests.Data;

/// <summary>CPython's `str(datetime.timedelta(seconds=n))`: "H:MM:SS", or "D day(s), H:MM:SS".</summary>
internal static class PythonTime
{
    public static string Timedelta(long seconds)
    {
        var days = seconds / 86400;
        var rest = seconds % 86400;
        var clock = $"{rest / 3600}:{rest % 3600 / 60:00}:{rest % 60:00}";
        return days == 0 ? clock : $"{days} day{(days == 1 ? string.Empty : "s")}, {clock}";
    }
}
