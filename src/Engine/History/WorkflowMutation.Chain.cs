using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;

namespace Fencepost.Engine.History;

internal sealed partial class WorkflowMutation
{
    /// <summary>The start attributes a retry or cron run is built from; null for runs that have neither.</summary>
    private WorkflowExecutionStartedEventAttributes? ChainStartAttributes() =>
        State.ChainStart is { } bytes ? WorkflowExecutionStartedEventAttributes.Parser.ParseFrom(bytes) : null;

    /// <summary>
    /// Creates the run that follows this closed one in the same write (as Temporal's server does for a
    /// retry or cron run): same workflow id, chain, parent and root; attempt + 1 for a retry, 1 for
    /// cron; the first workflow task waits the decision's backoff.
    /// </summary>
    private void StartNextRun(Guid runId, WorkflowExecutionStartedEventAttributes start, RunChainDecision next, Failure? failure, Payloads? lastCompletionResult)
    {
        var spec = new NewRunSpec
        {
            NamespaceId = State.NamespaceId,
            Namespace = State.Namespace,
            WorkflowId = State.WorkflowId,
            RunId = runId,
            WorkflowType = State.WorkflowType,
            TaskQueue = State.TaskQueue,
            Input = start.Input,
            ExecutionTimeout = State.ExecutionTimeout,
            ExecutionExpiration = State.ExecutionExpiration,
            RunTimeout = start.WorkflowRunTimeout?.ToTimeSpan(),
            TaskTimeout = State.TaskTimeout,
            Header = start.Header,
            Memo = start.Memo,
            SearchAttributes = start.SearchAttributes,
            RetryPolicy = start.RetryPolicy,
            CronSchedule = start.CronSchedule,
            Identity = start.Identity,
            RequestId = Guid.NewGuid().ToString(),
            FirstRunId = State.FirstRunId,
            ContinuedRunId = State.RunId,
            Initiator = next.Initiator,
            ContinuedFailure = failure,
            LastCompletionResult = lastCompletionResult,
            StartDelay = next.Backoff,
            ParentNamespaceId = State.ParentNamespaceId,
            ParentNamespace = State.ParentNamespace,
            ParentWorkflowId = State.ParentWorkflowId,
            ParentRunId = State.ParentRunId,
            ParentInitiatedEventId = State.ParentInitiatedEventId,
            RootExecution = InheritedRoot(State),
            Attempt = next.Initiator == ContinueAsNewInitiator.Retry ? State.Attempt + 1 : 1,
            Priority = start.Priority,
            ScheduledBy = State.ScheduledBy,
        };
        var created = NewRunBuilder.Build(spec, Now);
        State.NewRunId = runId;
        ContinuedRun = new NewRunPlan(created.State, created.Events, created.Tasks);
    }

    /// <summary>What a following run (retry, cron, continue-as-new) inherits as root: a child's root; a top-level run is its own root.</summary>
    public static WorkflowExecution? InheritedRoot(MutableState state) => state.ParentWorkflowId is null ? null : RootExecution(state);

    /// <summary>The run's root execution: the top of its child tree (itself when it has no parent).</summary>
    public static WorkflowExecution RootExecution(MutableState state) => new()
    {
        WorkflowId = state.RootWorkflowId ?? state.WorkflowId,
        RunId = (state.RootRunId ?? state.RunId).ToString(),
    };
}
