namespace Headroom.Ingest;

/// <summary>Which member of the <c>Event.what</c> oneof an event carries; the values are the field numbers (tensorboard event.proto).</summary>
internal enum EventKind
{
    /// <summary>None of them (only wall_time and step).</summary>
    Empty = 0,

    /// <summary>field 3, the first event of every file: "brain.Event:2".</summary>
    FileVersion = 3,

    /// <summary>field 4, a serialized GraphDef.</summary>
    GraphDef = 4,

    /// <summary>field 5, the values.</summary>
    Summary = 5,

    /// <summary>field 6, a log line (deprecated).</summary>
    LogMessage = 6,

    /// <summary>field 7, START/STOP/CHECKPOINT markers.</summary>
    SessionLog = 7,

    /// <summary>field 8, profiling data.</summary>
    TaggedRunMetadata = 8,

    /// <summary>field 9, a serialized MetaGraphDef.</summary>
    MetaGraphDef = 9,
}
