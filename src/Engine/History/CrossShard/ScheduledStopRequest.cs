namespace Fencepost.Engine.History.CrossShard;

/// <summary>A scheduler's overlap policy cancels (1) or terminates (2) a workflow chain it started; applying it twice changes nothing.</summary>
internal sealed record ScheduledStopRequest(Guid NamespaceId, string WorkflowId, Guid FirstRunId, int Kind, string ScheduleId, Guid SchedulerRunId);
