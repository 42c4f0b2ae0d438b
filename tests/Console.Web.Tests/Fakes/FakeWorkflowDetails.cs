using System.Security.Claims;
using Fencepost.ConsoleWeb.Data;
using Temporalio.Api.Enums.V1;

namespace Fencepost.ConsoleWeb.Tests.Fakes;

/// <summary>
/// Runs the test put in, served as the frontend serves them (a description with the close event, and
/// history in pages behind tokens), every history page read, and the actions the page sent (with the
/// user's name), or a refusal to throw.
/// </summary>
public sealed class FakeWorkflowDetails : IWorkflowDetails
{
    public Dictionary<(string Namespace, string WorkflowId, string RunId), StoredRun> Runs { get; } = [];

    /// <summary>Each history page read: the run, the first event id asked for and the page size.</summary>
    public List<(WorkflowRunRef Run, long From, int PageSize)> PageReads { get; } = [];

    public List<(string Action, string User, WorkflowRunRef Run, string Text, string Payload)> Sent { get; } = [];

    /// <summary>When set, every action throws this, as the frontend refusing it would.</summary>
    public WorkflowActionException? Refusal { get; set; }

    public void Add(StoredRun run)
    {
        var execution = run.Description.WorkflowExecutionInfo.Execution;
        Runs[(run.Namespace, execution.WorkflowId, execution.RunId)] = run;
    }

    public Task<WorkflowDetail?> GetAsync(string namespaceName, string workflowId, string runId, CancellationToken cancellationToken = default)
    {
        if (!Runs.TryGetValue((namespaceName, workflowId, runId), out var run))
        {
            return Task.FromResult<WorkflowDetail?>(null);
        }
        var closed = run.Description.WorkflowExecutionInfo.Status != WorkflowExecutionStatus.Running && run.Events.Count > 0;
        return Task.FromResult<WorkflowDetail?>(new WorkflowDetail(run.Namespace, run.Description, closed ? run.Events[^1] : null));
    }

    /// <summary>Pages as the frontend cuts them: the token names the next event id; none past the last event.</summary>
    public Task<HistoryPage> GetHistoryPageAsync(WorkflowRunRef run, byte[]? pageToken, int pageSize, CancellationToken cancellationToken = default)
    {
        var events = Runs[(run.Namespace, run.WorkflowId, run.RunId)].Events;
        var from = pageToken is null ? 1 : BitConverter.ToInt64(pageToken);
        PageReads.Add((run, from, pageSize));
        var page = events.Where(e => e.EventId >= from).Take(pageSize).ToList();
        var next = page.Count > 0 && page[^1].EventId < events[^1].EventId ? BitConverter.GetBytes(page[^1].EventId + 1) : null;
        return Task.FromResult(new HistoryPage(page, next));
    }

    public Task SignalAsync(ClaimsPrincipal user, WorkflowRunRef run, string signalName, string payloadJson, CancellationToken cancellationToken = default) =>
        Record("signal", user, run, signalName, payloadJson);

    /// <summary>What the next update answers (the sentence the console shows).</summary>
    public string UpdateOutcome { get; set; } = "Update completed.";

    public async Task<string> UpdateAsync(ClaimsPrincipal user, WorkflowRunRef run, string updateName, string payloadJson, string reason, CancellationToken cancellationToken = default)
    {
        await Record("update", user, run, updateName, payloadJson);
        Reasons.Add(reason);
        return UpdateOutcome;
    }

    /// <summary>The reason given with each update sent, in order.</summary>
    public List<string> Reasons { get; } = [];

    public Task RequestCancelAsync(ClaimsPrincipal user, WorkflowRunRef run, string reason, CancellationToken cancellationToken = default) =>
        Record("cancel", user, run, reason, "");

    public Task TerminateAsync(ClaimsPrincipal user, WorkflowRunRef run, string reason, CancellationToken cancellationToken = default) =>
        Record("terminate", user, run, reason, "");

    public Task DeleteAsync(ClaimsPrincipal user, WorkflowRunRef run, string reason, CancellationToken cancellationToken = default) =>
        Record("delete", user, run, reason, "");

    /// <summary>The run id the next reset answers.</summary>
    public string ResetRunId { get; set; } = "reset-run-1";

    /// <summary>Recorded with the reason as its text and the event id as its payload.</summary>
    public async Task<string> ResetAsync(ClaimsPrincipal user, WorkflowRunRef run, long workflowTaskFinishEventId, string reason, CancellationToken cancellationToken = default)
    {
        await Record("reset", user, run, reason, workflowTaskFinishEventId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return ResetRunId;
    }

    private Task Record(string action, ClaimsPrincipal user, WorkflowRunRef run, string text, string payload)
    {
        if (Refusal is not null)
        {
            throw Refusal;
        }
        Sent.Add((action, user.Identity?.Name ?? "", run, text, payload));
        return Task.CompletedTask;
    }
}
