using System.Text.Json.Serialization;
using Headroom.Cli.Commands;

namespace Headroom.Cli.Output;

/// <summary>
/// Serialisation code generated at build time for the reports of the commands that read logs (`inspect`, `ingest`):
/// building it by reflection at run time costs ~70 ms of every such command, as much as reading a small log. The
/// names and converters are still <see cref="Headroom.Study.JsonConvention"/>'s (see <see cref="JsonOutput"/>); other
/// types are serialised by reflection as before.
/// </summary>
[JsonSerializable(typeof(InspectCommand.InspectReport))]
[JsonSerializable(typeof(IngestCommand.IngestSummary))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
