namespace Fencepost.Engine.Queues;

/// <summary>The payload of a transfer or timer task (JSON in the task row's data).</summary>
public sealed class ShardTaskData
{
    public ShardTaskKind Kind { get; set; }
    public Guid NamespaceId { get; set; }
    public string WorkflowId { get; set; } = "";
    public Guid RunId { get; set; }
    /// <summary>The scheduled, initiated or started event this task is about.</summary>
    public long EventId { get; set; }
    public int Attempt { get; set; }
    /// <summary>Temporal's TimeoutType number for timeout tasks.</summary>
    public int TimeoutType { get; set; }
    public string TaskQueue { get; set; } = "";
    public string TimerId { get; set; } = "";

    /// <summary>A scheduler task's subject: a start's request id, or the workflow id of a run it stops.</summary>
    public string Reference { get; set; } = "";
}
