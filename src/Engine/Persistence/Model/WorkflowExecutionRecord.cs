namespace Fencepost.Engine.Persistence.Model;

/// <summary>
/// One run's mutable state. <see cref="Data"/> is the engine's serialized state, opaque here.
/// <see cref="DbRecordVersion"/> increments on every update and is its compare-and-set condition.
/// <see cref="Status"/> is Temporal's WorkflowExecutionStatus number.
/// </summary>
public sealed record WorkflowExecutionRecord(
    int ShardId,
    Guid NamespaceId,
    string WorkflowId,
    Guid RunId,
    long NextEventId,
    long DbRecordVersion,
    WorkflowExecutionState State,
    int Status,
    DateTimeOffset StartTime,
    byte[] Data);
