namespace Headroom.Cli.Output;

/// <summary>How a command writes its result to stdout.</summary>
internal enum OutputFormat
{
    /// <summary>Human-readable tables.</summary>
    Table,

    /// <summary>One JSON document, for scripts.</summary>
    Json,

    /// <summary>Comma-separated rows with a header.</summary>
    Csv,
}
