using Fencepost.Engine.History.Cron;
using Fencepost.Engine.Queues;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.TaskQueue.V1;

namespace Fencepost.Engine.History;

/// <summary>Builds a new run's mutable state and first events: Started, [Signaled], WorkflowTaskScheduled, [WorkflowTaskStarted].</summary>
internal static class NewRunBuilder
{
    public static readonly TimeSpan DefaultWorkflowTaskTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxWorkflowTaskTimeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Builds the run. With <paramref name="startFirstTaskEagerly"/> its first workflow task is also
    /// started for the requesting worker (Temporal's eager workflow start), unless the first task
    /// waits (start delay, cron), which Temporal also answers with a plain start.
    /// </summary>
    public static WorkflowMutation Build(NewRunSpec spec, DateTimeOffset now, bool startFirstTaskEagerly = false)
    {
        var taskTimeout = spec.TaskTimeout is { } requested && requested > TimeSpan.Zero ? requested : DefaultWorkflowTaskTimeout;
        if (taskTimeout > MaxWorkflowTaskTimeout)
        {
            taskTimeout = MaxWorkflowTaskTimeout;
        }
        var runTimeout = spec.RunTimeout is { } run && run > TimeSpan.Zero ? run : (TimeSpan?)null;
        var executionExpiration = spec.ExecutionExpiration
            ?? (spec.ExecutionTimeout is { } exec && exec > TimeSpan.Zero ? now + exec : null);
        if (runTimeout is null && executionExpiration is { } expiry)
        {
            runTimeout = expiry > now ? expiry - now : TimeSpan.FromMilliseconds(1);
        }
        var startDelay = spec.StartDelay;
        if (spec.CronSchedule.Length > 0 && spec.Initiator == ContinueAsNewInitiator.Unspecified
            && CronSchedule.TryParse(spec.CronSchedule, out var cron) is null && cron!.DelayAfter(now, now) is { } firstFire)
        {
            // A cron workflow's first run waits for the schedule's first fire.
            startDelay = firstFire;
        }
        var state = new MutableState
        {
            NamespaceId = spec.NamespaceId,
            Namespace = spec.Namespace,
            WorkflowId = spec.WorkflowId,
            RunId = spec.RunId,
            FirstRunId = spec.FirstRunId ?? spec.RunId,
            WorkflowType = spec.WorkflowType,
            TaskQueue = spec.TaskQueue,
            CreateRequestId = spec.RequestId,
            StartTime = now,
            ExecutionTime = now + startDelay,
            TaskTimeout = taskTimeout,
            RunTimeout = runTimeout,
            ExecutionTimeout = spec.ExecutionTimeout,
            ExecutionExpiration = executionExpiration,
            ParentNamespaceId = spec.ParentNamespaceId,
            ParentNamespace = spec.ParentNamespace,
            ParentWorkflowId = spec.ParentWorkflowId,
            ParentRunId = spec.ParentRunId,
            ParentInitiatedEventId = spec.ParentInitiatedEventId,
            Memo = spec.Memo is null ? null : Google.Protobuf.MessageExtensions.ToByteArray(spec.Memo),
            SearchAttributes = spec.SearchAttributes is null ? null : Google.Protobuf.MessageExtensions.ToByteArray(spec.SearchAttributes),
            Attempt = Math.Max(1, spec.Attempt),
            RootWorkflowId = spec.RootExecution?.WorkflowId,
            RootRunId = spec.RootExecution is { } root && Guid.TryParse(root.RunId, out var rootRun) ? rootRun : null,
            ScheduledBy = spec.ScheduledBy,
        };
        var mutation = new WorkflowMutation(state, now);
        var started = mutation.NewEvent(EventType.WorkflowExecutionStarted);
        var attributes = new WorkflowExecutionStartedEventAttributes
        {
            WorkflowId = spec.WorkflowId,
            WorkflowType = new WorkflowType { Name = spec.WorkflowType },
            TaskQueue = new TaskQueue { Name = spec.TaskQueue, Kind = TaskQueueKind.Normal },
            Input = spec.Input,
            WorkflowExecutionTimeout = spec.ExecutionTimeout is { } e && e > TimeSpan.Zero ? Duration.FromTimeSpan(e) : null,
            WorkflowRunTimeout = runTimeout is { } r ? Duration.FromTimeSpan(r) : null,
            WorkflowTaskTimeout = Duration.FromTimeSpan(taskTimeout),
            Identity = spec.Identity,
            OriginalExecutionRunId = spec.RunId.ToString(),
            FirstExecutionRunId = state.FirstRunId.ToString(),
            ContinuedExecutionRunId = spec.ContinuedRunId?.ToString() ?? "",
            Initiator = spec.Initiator,
            ContinuedFailure = spec.ContinuedFailure,
            LastCompletionResult = spec.LastCompletionResult,
            Attempt = state.Attempt,
            WorkflowExecutionExpirationTime = executionExpiration is { } exp ? Timestamp.FromDateTimeOffset(exp) : null,
            CronSchedule = spec.CronSchedule,
            FirstWorkflowTaskBackoff = startDelay > TimeSpan.Zero ? Duration.FromTimeSpan(startDelay) : null,
            Header = spec.Header,
            Memo = spec.Memo,
            SearchAttributes = spec.SearchAttributes,
            RetryPolicy = spec.RetryPolicy is null ? null : RetryPolicyEvaluator.WithDefaults(spec.RetryPolicy),
            ParentWorkflowNamespace = spec.ParentNamespace ?? "",
            ParentWorkflowNamespaceId = spec.ParentNamespaceId?.ToString() ?? "",
            ParentWorkflowExecution = spec.ParentWorkflowId is null ? null : new WorkflowExecution { WorkflowId = spec.ParentWorkflowId, RunId = spec.ParentRunId?.ToString() ?? "" },
            ParentInitiatedEventId = spec.ParentInitiatedEventId,
            RootWorkflowExecution = spec.RootExecution ?? new WorkflowExecution { WorkflowId = spec.WorkflowId, RunId = spec.RunId.ToString() },
            Priority = spec.Priority,
        };
        started.WorkflowExecutionStartedEventAttributes = attributes;
        if (attributes.RetryPolicy is not null || attributes.CronSchedule.Length > 0)
        {
            state.ChainStart = Google.Protobuf.MessageExtensions.ToByteArray(attributes);
        }
        mutation.Append(started, bufferable: false);
        if (spec.Signal is { } signal)
        {
            var signaled = mutation.NewEvent(EventType.WorkflowExecutionSignaled);
            signaled.WorkflowExecutionSignaledEventAttributes = new WorkflowExecutionSignaledEventAttributes
            {
                SignalName = signal.Name,
                Input = signal.Input,
                Identity = spec.Identity,
                Header = signal.Header,
            };
            mutation.Append(signaled, bufferable: false);
        }
        if (startDelay > TimeSpan.Zero)
        {
            mutation.AddTimer(now + startDelay, ShardTaskKind.WorkflowTaskBackoff, 0, 1, taskQueue: spec.TaskQueue);
        }
        else if (startFirstTaskEagerly)
        {
            mutation.ScheduleAndStartFirstWorkflowTaskEagerly(spec.RequestId, spec.Identity);
        }
        else
        {
            mutation.ScheduleWorkflowTask(1);
        }
        if (RunExpiration(now, startDelay, runTimeout, executionExpiration) is { } runExpiration)
        {
            mutation.AddTimer(runExpiration, ShardTaskKind.WorkflowTimeout);
        }
        mutation.VisibilityChanged = true;
        return mutation;
    }

    /// <summary>
    /// When the run times out (as Temporal computes it): the run timeout counts from the first
    /// workflow task's scheduled start (after a retry, cron or start delay), and no run of the
    /// chain outlives the execution's expiration.
    /// </summary>
    public static DateTimeOffset? RunExpiration(DateTimeOffset now, TimeSpan startDelay, TimeSpan? runTimeout, DateTimeOffset? executionExpiration)
    {
        DateTimeOffset? expires = runTimeout is { } limit ? now + startDelay + limit : null;
        if (executionExpiration is { } expiry && (expires is null || expires > expiry))
        {
            expires = expiry;
        }
        return expires;
    }
}
