using System.CommandLine;
using Headroom.Cli.Output;

namespace Headroom.Cli.Commands;

/// <summary>Options shared by many verbs, built the same way everywhere.</summary>
internal static class CommonOptions
{
    /// <summary>`--format table|json|csv` (default table).</summary>
    public static Option<OutputFormat> Format(params OutputFormat[] allowed)
    {
        var formats = allowed.Length == 0 ? [OutputFormat.Table, OutputFormat.Json, OutputFormat.Csv] : allowed;
        var option = new Option<OutputFormat>("--format")
        {
            HelpName = string.Join("|", formats.Select(f => f.ToString().ToLowerInvariant())),
            Description = $"Output on stdout: {string.Join(", ", formats.Select(f => f.ToString().ToLowerInvariant()))}.",
            DefaultValueFactory = _ => OutputFormat.Table,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 0 ? "table" : result.Tokens[0].Value;
                if (Enum.TryParse<OutputFormat>(text, ignoreCase: true, out var format) && formats.Contains(format))
                {
                    return format;
                }

                result.AddError($"Unknown --format '{text}'; use one of {string.Join(", ", formats.Select(f => f.ToString().ToLowerInvariant()))}.");
                return OutputFormat.Table;
            },
        };
        return option;
    }

    /// <summary>`--seed S`: every random choice derives from it.</summary>
    public static Option<int> Seed(int defaultSeed = 0) => new("--seed")
    {
        Description = "Random seed; the same seed and thread count give the same result.",
        DefaultValueFactory = _ => defaultSeed,
    };

    /// <summary>`--threads N`: worker threads; 0 (the default) means every core.</summary>
    public static Option<int> Threads() => new("--threads")
    {
        Description = "Worker threads; 0 uses every core.",
        DefaultValueFactory = _ => 0,
        // A value that does not parse is already a parse error; reading it here would throw instead.
        Validators = { result => { if (result.Tokens.Count == 1 && int.TryParse(result.Tokens[0].Value, out var threads) && threads < 0) { result.AddError("--threads must be 0 (every core) or more."); } } },
    };

    /// <summary>`--no-progress`: keep stderr free of progress lines.</summary>
    public static Option<bool> NoProgress() => new("--no-progress")
    {
        Description = "Do not report progress on stderr.",
    };
}
