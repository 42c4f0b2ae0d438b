using Fencepost.ConsoleWeb.Data;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;

namespace Fencepost.ConsoleWeb.Workflows;

/// <summary>
/// What the detail page shows about a run, worked out without a renderer and without reading its
/// whole history: the summary and open children come from the description (the run's mutable state),
/// how it closed and the next run from the close event, the previous runs and the parent from the
/// started event (the first of the first page). Updates are read from the page of events shown.
/// </summary>
public sealed class WorkflowRunView
{
    private WorkflowRunView(WorkflowDetail detail, HistoryEvent? started)
    {
        _started = started?.WorkflowExecutionStartedEventAttributes;
        Detail = detail;
        var info = detail.Description.WorkflowExecutionInfo;
        Run = new WorkflowRunRef(detail.Namespace, info.Execution.WorkflowId, info.Execution.RunId);
        Status = info.Status;
    }

    private readonly WorkflowExecutionStartedEventAttributes? _started;

    public WorkflowDetail Detail { get; }

    public WorkflowRunRef Run { get; }

    public WorkflowExecutionStatus Status { get; }

    public bool IsRunning => Status == WorkflowExecutionStatus.Running;

    /// <summary>Why it closed (failure message, termination reason and identity), or null.</summary>
    public string? CloseDetail { get; private set; }

    public IReadOnlyList<RunLink> Chain { get; private set; } = [];

    /// <summary>The children the run started that have not closed, as its mutable state holds them.</summary>
    public IReadOnlyList<ChildRun> Children { get; private set; } = [];

    /// <summary>
    /// The run as the description tells it; <paramref name="firstEvent"/> is the first event of its history
    /// (read with the first page), which names the previous run and the parent.
    /// </summary>
    public static WorkflowRunView From(WorkflowDetail detail, HistoryEvent? firstEvent)
    {
        ArgumentNullException.ThrowIfNull(detail);
        var view = new WorkflowRunView(detail, firstEvent);
        view.CloseDetail = detail.CloseEvent is { } close ? CloseDetailOf(close) : null;
        view.Chain = view.ChainOf();
        view.Children = ChildrenOf(detail);
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

    private List<RunLink> ChainOf()
    {
        var links = new List<RunLink>();
        var info = Detail.Description.WorkflowExecutionInfo;
        var workflowId = info.Execution.WorkflowId;
        var ns = Detail.Namespace;
        if (_started is { } started)
        {
            if (started.ParentWorkflowExecution is { } parent && parent.WorkflowId.Length > 0)
            {
                links.Add(new RunLink("Parent", Or(started.ParentWorkflowNamespace, ns), parent.WorkflowId, parent.RunId));
            }
            if (started.FirstExecutionRunId.Length > 0 && started.FirstExecutionRunId != info.Execution.RunId
                && started.FirstExecutionRunId != started.ContinuedExecutionRunId)
            {
                links.Add(new RunLink("First run of the chain", ns, workflowId, started.FirstExecutionRunId));
            }
            if (started.ContinuedExecutionRunId.Length > 0)
            {
                links.Add(new RunLink($"Previous run ({InitiatorName(started.Initiator)})", ns, workflowId, started.ContinuedExecutionRunId));
            }
        }
        if (Detail.CloseEvent is { } close && NextRunOf(close) is { Length: > 0 } next)
        {
            links.Add(new RunLink($"Next run ({NextRunCause(close)})", ns, workflowId, next));
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

    private static List<ChildRun> ChildrenOf(WorkflowDetail detail) =>
    [
        .. detail.Description.PendingChildren
            .OrderBy(c => c.InitiatedId)
            .Select(c => new ChildRun(c.InitiatedId, detail.Namespace, c.WorkflowId, c.WorkflowTypeName,
                c.RunId.Length == 0 ? null : c.RunId, c.RunId.Length == 0 ? "Initiated" : "Running")),
    ];

    /// <summary>
    /// The updates accepted among <paramref name="events"/> (one page of history), in order, with their
    /// outcomes when the same page holds them. One whose completion is not on the page is Running when the
    /// page is the run's last and the run is open, Failed when it closed, and otherwise said to be on a later page.
    /// </summary>
    public static IReadOnlyList<UpdateRun> UpdatesIn(IReadOnlyList<HistoryEvent> events, bool running, bool lastPage)
    {
        ArgumentNullException.ThrowIfNull(events);
        var (state, outcome) = !lastPage ? ("See later events", "")
            : running ? ("Running", "") : ("Failed", "The workflow closed before the update completed.");
        var updates = new Dictionary<long, UpdateRun>();
        foreach (var e in events)
        {
            if (e.WorkflowExecutionUpdateAcceptedEventAttributes is { } accepted)
            {
                var request = accepted.AcceptedRequest;
                updates[e.EventId] = new UpdateRun(e.EventId, accepted.ProtocolInstanceId, request?.Input?.Name ?? "", request?.Meta?.Identity ?? "",
                    OperatorUpdate.ReasonOf(request?.Input?.Header), state, outcome);
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

    private static string Or(string? value, string fallback) => string.IsNullOrEmpty(value) ? fallback : value;
}
