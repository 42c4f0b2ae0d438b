namespace Fencepost.Engine.History.CrossShard;

/// <summary>
/// The last run of a chain a schedule started has closed: its CloseExecution task tells the
/// schedule's shard, with the close event. The schedule records a close once, so a retry changes nothing.
/// </summary>
internal sealed record ScheduledRunClosedNotice(Guid NamespaceId, string ScheduleId, string WorkflowId, Guid FirstRunId, int Status, byte[] CloseEvent);
