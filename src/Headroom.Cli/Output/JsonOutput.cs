using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Headroom.Study;

namespace Headroom.Cli.Output;

/// <summary>The one JSON convention of every command (<see cref="JsonConvention"/>): snake_case names, indented, NaN written as null.</summary>
internal static class JsonOutput
{
    /// <summary>The convention's options, resolving first the types whose code is generated (<see cref="CliJsonContext"/>).</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonConvention.Options)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(CliJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    /// <summary>Serialises <paramref name="value"/> and writes it followed by a newline.</summary>
    public static void Write<T>(TextWriter writer, T value)
    {
        writer.WriteLine(JsonSerializer.Serialize(value, Options));
    }
}
