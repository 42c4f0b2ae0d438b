using Fencepost.ConsoleWeb.Data;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace Fencepost.ConsoleWeb.Workflows;

/// <summary>
/// What the detail page shows about a run, worked out from its description and history without a
/// renderer: the summary, how it closed, the run chain (continue-as-new, retry and cron links, the
/// parent) and its children.
/// </summary>
public sealed class WorkflowRunView
{
    private WorkflowRunView(WorkflowDetail detail)
    {
        Detail = detail;
        var info = detail.Description.WorkflowExecutionInfo;
        Run = new WorkflowRunRef(detail.Namespace, info.Execution.WorkflowId, info.Execution.RunId);
        Status = info.Status;
    }

    public WorkflowDetail Detail { get; }

    public WorkflowRunRef Run { get; }

    public WorkflowExecutionStatus Status { get; }

    public bool IsRunning => Status == WorkflowExecutionStatus.Running;

    /// <summary>Why it closed (failure message, termination reason and identity), or null.</summary>
    public string? CloseDetail { get; private set; }

    public IReadOnlyList<RunLink> Chain { get; private set; } = [];

    public IReadOnlyList<ChildRun> Children { get; private set; } = [];

    /// <summary>The updates the run accepted, in order, with their outcomes (rejected ones leave no trace in history).</summary>
    public IReadOnlyList<UpdateRun> Updates { get; private set; } = [];

    /// <summary>The points the run can be reset to: its WorkflowTaskCompleted events, oldest first.</summary>
    public IReadOnlyList<ResetPointOption> ResetPoints { get; private set; } = [];

    public static WorkflowRunView From(WorkflowDetail detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        var view = new WorkflowRunView(detail);
        view.CloseDetail = detail.Events.Count > 0 ? CloseDetailOf(detail.Events[^1]) : null;
        view.Chain = ChainOf(detail);
        view.Children = ChildrenOf(detail);
        view.Updates = UpdatesOf(detail, view.IsRunning);
        view.ResetPoints = [.. detail.Events.Where(e => e.EventType == EventType.WorkflowTaskCompleted)
            .Select(e => new ResetPointOption(e.EventId, e.EventTime?.ToDateTimeOffset() ?? DateTimeOffset.MinValue))];
        return view;
    }

    /// <summary>"Terminated" rather than WORKFLOW_EXECUTION_STATUS_TERMINATED.</summary>
    public static string StatusName(WorkflowExecutionStatus status) => status switch
    {
        WorkflowExecutionStatus.ContinuedAsNew => "ContinuedAsNew",
        WorkflowExecutionStatus.TimedOut => "TimedOut",
        _ => status.ToString(),
    };

    private static string? CloseDetailOf(HistoryEvent last) => last.AttributesCase switch
    {
        HistoryEvent.AttributesOneofCase.WorkflowExecutionTerminatedEventAttributes =>
            $"Terminated by {Or(last.WorkflowExecutionTerminatedEventAttributes.Identity, "an unknown identity")}: {last.WorkflowExecutionTerminatedEventAttributes.Reason}",
        HistoryEvent.AttributesOneofCase.WorkflowExecutionFailedEventAttributes =>
            "Failed: " + HistoryEventText.Failure(last.WorkflowExecutionFailedEventAttributes.Failure),
        HistoryEvent.AttributesOneofCase.WorkflowExecutionTimedOutEventAttributes => "Timed out",
        HistoryEvent.AttributesOneofCase.WorkflowExecutionCanceledEventAttributes => "Canceled",
        _ => null,
    };

    private static List<RunLink> ChainOf(WorkflowDetail detail)
    {
        var links = new List<RunLink>();
        var info = detail.Description.WorkflowExecutionInfo;
        var workflowId = info.Execution.WorkflowId;
        var started = detail.Events.FirstOrDefault(e => e.WorkflowExecutionStartedEventAttributes is not null)?.WorkflowExecutionStartedEventAttributes;
        if (started is not null)
        {
            if (started.ParentWorkflowExecution is { } parent && parent.WorkflowId.Length > 0)
            {
                links.Add(new RunLink("Parent", Or(started.ParentWorkflowNamespace, detail.Namespace), parent.WorkflowId, parent.RunId));
            }
            if (started.FirstExecutionRunId.Length > 0 && started.FirstExecutionRunId != info.Execution.RunId
                && started.FirstExecutionRunId != started.ContinuedExecutionRunId)
            {
                links.Add(new RunLink("First run of the chain", detail.Namespace, workflowId, started.FirstExecutionRunId));
            }
            if (started.ContinuedExecutionRunId.Length > 0)
            {
                links.Add(new RunLink($"Previous run ({InitiatorName(started.Initiator)})", detail.Namespace, workflowId, started.ContinuedExecutionRunId));
            }
        }
        if (detail.Events.Count > 0 && NextRunOf(detail.Events[^1]) is { Length: > 0 } next)
        {
            links.Add(new RunLink($"Next run ({NextRunCause(detail.Events[^1])})", detail.Namespace, workflowId, next));
        }
        return links;
    }

    private static string InitiatorName(ContinueAsNewInitiator initiator) => initiator switch
    {
        ContinueAsNewInitiator.Retry => "retry",
        ContinueAsNewInitiator.CronSchedule => "cron",
        _ => "continue-as-new",
    };

    private static string? NextRunOf(HistoryEvent last) => last.AttributesCase switch
    {
        HistoryEvent.AttributesOneofCase.WorkflowExecutionContinuedAsNewEventAttributes => last.WorkflowExecutionContinuedAsNewEventAttributes.NewExecutionRunId,
        HistoryEvent.AttributesOneofCase.WorkflowExecutionCompletedEventAttributes => last.WorkflowExecutionCompletedEventAttributes.NewExecutionRunId,
        HistoryEvent.AttributesOneofCase.WorkflowExecutionFailedEventAttributes => last.WorkflowExecutionFailedEventAttributes.NewExecutionRunId,
        HistoryEvent.AttributesOneofCase.WorkflowExecutionTimedOutEventAttributes => last.WorkflowExecutionTimedOutEventAttributes.NewExecutionRunId,
        _ => null,
    };

    private static string NextRunCause(HistoryEvent last) => last.AttributesCase switch
    {
        HistoryEvent.AttributesOneofCase.WorkflowExecutionContinuedAsNewEventAttributes => "continue-as-new",
        HistoryEvent.AttributesOneofCase.WorkflowExecutionCompletedEventAttributes => "cron",
        _ => "retry",
    };

    private static List<ChildRun> ChildrenOf(WorkflowDetail detail)
    {
        var children = new Dictionary<long, ChildRun>();
        foreach (var e in detail.Events)
        {
            switch (e.AttributesCase)
            {
                case HistoryEvent.AttributesOneofCase.StartChildWorkflowExecutionInitiatedEventAttributes:
                    var initiated = e.StartChildWorkflowExecutionInitiatedEventAttributes;
                    children[e.EventId] = new ChildRun(e.EventId, Or(initiated.Namespace, detail.Namespace), initiated.WorkflowId,
                        initiated.WorkflowType?.Name ?? "", null, "Initiated");
                    break;
                case HistoryEvent.AttributesOneofCase.StartChildWorkflowExecutionFailedEventAttributes:
                    Update(children, e.StartChildWorkflowExecutionFailedEventAttributes.InitiatedEventId, null, "Start failed");
                    break;
                case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionStartedEventAttributes:
                    Update(children, e.ChildWorkflowExecutionStartedEventAttributes.InitiatedEventId,
                        e.ChildWorkflowExecutionStartedEventAttributes.WorkflowExecution?.RunId, "Running");
                    break;
                case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionCompletedEventAttributes:
                    Update(children, e.ChildWorkflowExecutionCompletedEventAttributes.InitiatedEventId, null, "Completed");
                    break;
                case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionFailedEventAttributes:
                    Update(children, e.ChildWorkflowExecutionFailedEventAttributes.InitiatedEventId, null, "Failed");
                    break;
                case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionCanceledEventAttributes:
                    Update(children, e.ChildWorkflowExecutionCanceledEventAttributes.InitiatedEventId, null, "Canceled");
                    break;
                case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionTerminatedEventAttributes:
                    Update(children, e.ChildWorkflowExecutionTerminatedEventAttributes.InitiatedEventId, null, "Terminated");
                    break;
                case HistoryEvent.AttributesOneofCase.ChildWorkflowExecutionTimedOutEventAttributes:
                    Update(children, e.ChildWorkflowExecutionTimedOutEventAttributes.InitiatedEventId, null, "TimedOut");
                    break;
            }
        }
        return [.. children.Values.OrderBy(c => c.InitiatedEventId)];
    }

    private static List<UpdateRun> UpdatesOf(WorkflowDetail detail, bool running)
    {
        var updates = new Dictionary<long, UpdateRun>();
        foreach (var e in detail.Events)
        {
            if (e.WorkflowExecutionUpdateAcceptedEventAttributes is { } accepted)
            {
                var request = accepted.AcceptedRequest;
                updates[e.EventId] = new UpdateRun(e.EventId, accepted.ProtocolInstanceId, request?.Input?.Name ?? "", request?.Meta?.Identity ?? "",
                    OperatorUpdate.ReasonOf(request?.Input?.Header), running ? "Running" : "Failed",
                    running ? "" : "The workflow closed before the update completed.");
            }
            else if (e.WorkflowExecutionUpdateCompletedEventAttributes is { } completed && updates.TryGetValue(completed.AcceptedEventId, out var update))
            {
                updates[completed.AcceptedEventId] = completed.Outcome?.Failure is { } failure
                    ? update with { State = "Failed", Outcome = HistoryEventText.Failure(failure) }
                    : update with { State = "Completed", Outcome = PayloadText.Of(completed.Outcome?.Success) };
            }
        }
        return [.. updates.Values];
    }

    private static void Update(Dictionary<long, ChildRun> children, long initiatedEventId, string? runId, string state)
    {
        if (children.TryGetValue(initiatedEventId, out var child))
        {
            children[initiatedEventId] = child with { RunId = string.IsNullOrEmpty(runId) ? child.RunId : runId, State = state };
        }
    }

    private static string Or(string? value, string fallback) => string.IsNullOrEmpty(value) ? fallback : value;
}
