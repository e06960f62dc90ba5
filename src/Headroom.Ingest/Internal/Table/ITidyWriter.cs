namespace Headroom.Ingest;

/// <summary>Writes the rows of the tidy table (<see cref="TidyTable.Columns"/>) as they come, in bounded memory.</summary>
internal interface ITidyWriter : IDisposable
{
    /// <summary>Rows written so far.</summary>
    long Rows { get; }

    void Write(string run, string format, string path, string key, string? canonical, string? benchmark, long step, double value, double? wallTime);

    /// <summary>The number of a series (the text columns its rows share), for <see cref="Write(int, long, double, double?)"/>.</summary>
    int Series(string run, string format, string path, string key, string? canonical, string? benchmark);

    /// <summary>Writes a row of a series numbered by <see cref="Series"/>.</summary>
    void Write(int series, long step, double value, double? wallTime);

    /// <summary>Writes what is buffered and closes the table; without it the table is incomplete.</summary>
    void Complete();
}
