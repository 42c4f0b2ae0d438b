using System.Security.Claims;
using Fencepost.ConsoleWeb.Data;

namespace Fencepost.ConsoleWeb.Tests.Fakes;

/// <summary>Runs the test put in, and the actions the page sent (with the user's name), or a refusal to throw.</summary>
public sealed class FakeWorkflowDetails : IWorkflowDetails
{
    public Dictionary<(string Namespace, string WorkflowId, string RunId), WorkflowDetail> Runs { get; } = [];

    public List<(string Action, string User, WorkflowRunRef Run, string Text, string Payload)> Sent { get; } = [];

    /// <summary>When set, every action throws this, as the frontend refusing it would.</summary>
    public WorkflowActionException? Refusal { get; set; }

    public void Add(WorkflowDetail detail)
    {
        var execution = detail.Description.WorkflowExecutionInfo.Execution;
        Runs[(detail.Namespace, execution.WorkflowId, execution.RunId)] = detail;
    }

    public Task<WorkflowDetail?> GetAsync(string namespaceName, string workflowId, string runId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Runs.GetValueOrDefault((namespaceName, workflowId, runId)));

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
