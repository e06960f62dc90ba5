using System.Text.Json;
using Headroom.Study;

namespace Headroom.Cli.Output;

/// <summary>The one JSON convention of every command (<see cref="JsonConvention"/>): snake_case names, indented, NaN written as null.</summary>
internal static class JsonOutput
{
    public static JsonSerializerOptions Options => JsonConvention.Options;

    /// <summary>Serialises <paramref name="value"/> and writes it followed by a newline.</summary>
    public static void Write<T>(TextWriter writer, T value)
    {
        writer.WriteLine(JsonSerializer.Serialize(value, Options));
    }
}
