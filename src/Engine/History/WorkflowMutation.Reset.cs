using Fencepost.Engine.Queues;
using Google.Protobuf;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Workflow.V1;

// ResetPointInfo.binary_checksum is deprecated, yet workers still send a binary checksum and tools read it.
#pragma warning disable CS0612

namespace Fencepost.Engine.History;

internal sealed partial class WorkflowMutation
{
    /// <summary>Temporal's identity on the events the reset writes itself.</summary>
    internal const string ResetterIdentity = "history-service";

    /// <summary>Temporal keeps this many auto-reset points per run (the oldest go first).</summary>
    private const int MaxAutoResetPoints = 20;

    /// <summary>
    /// Temporal's auto-reset points: the first workflow task a worker build (its build id, else its
    /// binary checksum) completed in the run is a point to reset to after a bad deploy of that build.
    /// </summary>
    private void AddAutoResetPoint(string binaryChecksum, string buildId, long completedEventId)
    {
        if (binaryChecksum.Length == 0 && buildId.Length == 0)
        {
            return;
        }
        var points = State.AutoResetPoints is null ? new ResetPoints() : ResetPoints.Parser.ParseFrom(State.AutoResetPoints);
        if (points.Points.Any(p => p.BuildId == buildId && p.BinaryChecksum == binaryChecksum))
        {
            return;
        }
        points.Points.Add(new ResetPointInfo
        {
            BinaryChecksum = binaryChecksum,
            BuildId = buildId,
            RunId = State.RunId.ToString(),
            FirstWorkflowTaskCompletedId = completedEventId,
            CreateTime = NowTimestamp,
            Resettable = true,
        });
        while (points.Points.Count > MaxAutoResetPoints)
        {
            points.Points.RemoveAt(0);
        }
        State.AutoResetPoints = points.ToByteArray();
    }

    /// <summary>
    /// Finishes a run rebuilt by <see cref="ResetStateBuilder"/> up to a started workflow task, as
    /// Temporal's resetter does: the task fails with RESET_WORKFLOW (naming the base and new run),
    /// what was pending at that point is armed again (activities from attempt 1, timers at their
    /// original time, unstarted children and external requests dispatched), a new workflow task is
    /// scheduled and the signals to reapply are appended after it.
    /// </summary>
    public void FinishReset(Guid baseRunId, string reason, IEnumerable<HistoryEvent> signalsToReapply)
    {
        var task = State.WorkflowTask ?? throw new InvalidOperationException("A reset point ends with a started workflow task.");
        var failed = NewEvent(EventType.WorkflowTaskFailed);
        failed.WorkflowTaskFailedEventAttributes = new WorkflowTaskFailedEventAttributes
        {
            ScheduledEventId = task.ScheduledEventId,
            StartedEventId = task.StartedEventId,
            Cause = WorkflowTaskFailedCause.ResetWorkflow,
            Failure = new Failure { Message = reason, ResetWorkflowFailureInfo = new ResetWorkflowFailureInfo() },
            Identity = ResetterIdentity,
            BaseRunId = baseRunId.ToString(),
            NewRunId = State.RunId.ToString(),
        };
        State.WorkflowTask = null;
        Append(failed, bufferable: false);

        foreach (var activity in State.Activities.Values)
        {
            activity.Attempt = 1;
            activity.FirstScheduledTime = Now;
            activity.ScheduledTime = Now;
            activity.LastFailure = null;
            activity.WaitingForRetry = false;
            var attributes = ScheduledAttributes(activity);
            AddTransfer(ShardTaskKind.DispatchActivityTask, activity.ScheduledEventId, attributes.TaskQueue.Name, 1);
            ArmScheduleTimeouts(activity, attributes, Now);
        }
        foreach (var timer in State.Timers.Values)
        {
            AddTimer(timer.ExpiryTime, ShardTaskKind.UserTimer, timer.StartedEventId, timerId: timer.TimerId);
        }
        foreach (var child in State.Children.Values.Where(child => child.StartedEventId == 0))
        {
            AddTransfer(ShardTaskKind.StartChild, child.InitiatedEventId);
        }
        foreach (var signal in State.ExternalSignals.Keys)
        {
            AddTransfer(ShardTaskKind.SignalExternal, signal);
        }
        foreach (var cancel in State.ExternalCancels.Keys)
        {
            AddTransfer(ShardTaskKind.CancelExternal, cancel);
        }

        ScheduleWorkflowTask(1);
        foreach (var signal in signalsToReapply)
        {
            var attributes = signal.WorkflowExecutionSignaledEventAttributes;
            AddSignal(attributes.SignalName, attributes.Input, attributes.Identity, attributes.Header);
        }
        if (NewRunBuilder.RunExpiration(Now, TimeSpan.Zero, State.RunTimeout, State.ExecutionExpiration) is { } expires)
        {
            AddTimer(expires, ShardTaskKind.WorkflowTimeout);
        }
        VisibilityChanged = true;
    }
}
