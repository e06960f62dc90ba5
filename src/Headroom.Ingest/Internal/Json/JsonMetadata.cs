using System.Text.Json;

namespace Headroom.Ingest;

/// <summary>Flattens a JSON configuration object into run metadata: <c>prefix.key</c>, nested objects joined with dots, each value as <see cref="PythonJsonReader.Text(JsonElement)"/> gives it.</summary>
internal static class JsonMetadata
{
    public static void Flatten(string prefix, JsonElement value, IDictionary<string, string> metadata)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in value.EnumerateObject())
            {
                Flatten($"{prefix}.{property.Name}", property.Value, metadata);
            }

            return;
        }

        metadata[prefix] = PythonJsonReader.Text(value);
    }
}
