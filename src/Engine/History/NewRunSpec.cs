using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;

namespace Fencepost.Engine.History;

/// <summary>Everything a new run starts with, whether from a client start, a child start or continue-as-new.</summary>
internal sealed class NewRunSpec
{
    public required Guid NamespaceId { get; init; }
    public required string Namespace { get; init; }
    public required string WorkflowId { get; init; }
    public Guid RunId { get; init; } = Guid.NewGuid();
    public required string WorkflowType { get; init; }
    public required string TaskQueue { get; init; }
    public Payloads? Input { get; init; }
    public TimeSpan? ExecutionTimeout { get; init; }
    public TimeSpan? RunTimeout { get; init; }
    public TimeSpan? TaskTimeout { get; init; }
    public DateTimeOffset? ExecutionExpiration { get; init; }
    public Header? Header { get; init; }
    public Memo? Memo { get; init; }
    public SearchAttributes? SearchAttributes { get; init; }
    public RetryPolicy? RetryPolicy { get; init; }
    public string CronSchedule { get; init; } = "";
    public string Identity { get; init; } = "";
    public string RequestId { get; init; } = "";
    public Guid? FirstRunId { get; init; }
    public Guid? ContinuedRunId { get; init; }
    public ContinueAsNewInitiator Initiator { get; init; }
    public Failure? ContinuedFailure { get; init; }
    public Payloads? LastCompletionResult { get; init; }
    public TimeSpan StartDelay { get; init; }
    public Guid? ParentNamespaceId { get; init; }
    public string? ParentNamespace { get; init; }
    public string? ParentWorkflowId { get; init; }
    public Guid? ParentRunId { get; init; }
    public long ParentInitiatedEventId { get; init; }
    public WorkflowExecution? RootExecution { get; init; }
    public int Attempt { get; init; } = 1;
    /// <summary>SignalWithStart: the signal recorded right after the start event.</summary>
    public (string Name, Payloads? Input, Header? Header)? Signal { get; init; }
    public Temporalio.Api.Common.V1.Priority? Priority { get; init; }
    /// <summary>
    /// The client asked for its first workflow task in the start response (its worker reserved a
    /// slot); granted when the namespace allows eager starts and the run starts at once.
    /// </summary>
    public bool RequestEagerStart { get; init; }

    /// <summary>The schedule starting this run (its chain's close is reported to it).</summary>
    public string? ScheduledBy { get; init; }
}
