namespace Fencepost.Engine.Persistence.Model;

/// <summary>
/// A run as listing and counting see it. <see cref="Status"/> is Temporal's WorkflowExecutionStatus number;
/// <see cref="Memo"/> and <see cref="SearchAttributes"/> are serialized protos, opaque here.
/// <see cref="Attributes"/> are the search attributes' typed values that filters read (null when the
/// run has none); a write replaces the run's stored values with them. Reads need not return them.
/// </summary>
public sealed record VisibilityRecord(
    Guid NamespaceId,
    string WorkflowId,
    Guid RunId,
    string WorkflowType,
    string TaskQueue,
    int Status,
    DateTimeOffset StartTime,
    DateTimeOffset ExecutionTime,
    DateTimeOffset? CloseTime,
    long HistoryLength,
    byte[]? Memo,
    byte[]? SearchAttributes,
    string? ParentWorkflowId = null,
    Guid? ParentRunId = null,
    IReadOnlyList<SearchAttributeValue>? Attributes = null);
