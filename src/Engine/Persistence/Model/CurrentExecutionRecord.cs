namespace Fencepost.Engine.Persistence.Model;

/// <summary>Which run is current for a workflow id, and how it was created (for request-id dedup).</summary>
public sealed record CurrentExecutionRecord(
    int ShardId,
    Guid NamespaceId,
    string WorkflowId,
    Guid RunId,
    string CreateRequestId,
    WorkflowExecutionState State,
    int Status,
    DateTimeOffset StartTime);
