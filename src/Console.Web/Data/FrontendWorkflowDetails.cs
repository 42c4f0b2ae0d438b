using System.Security.Claims;
using Fencepost.ConsoleWeb.Security;
using Temporalio.Api.Common.V1;
using Fencepost.ConsoleWeb.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Update.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Exceptions;

namespace Fencepost.ConsoleWeb.Data;

/// <summary>
/// Reads and acts on runs through the Temporal client against this process's frontend: the same
/// requests tctl or an SDK would send, so the engine validates them, records the identity and the
/// reason in history, and a refusal arrives as the server's own message.
/// </summary>
internal sealed class FrontendWorkflowDetails(FrontendClient frontend, ConsolePermissions permissions, ILogger<FrontendWorkflowDetails> logger) : IWorkflowDetails
{
    /// <summary>How long the console waits for an update's outcome (the server answers with the stage reached after 20 s).</summary>
    private static readonly TimeSpan UpdateWait = TimeSpan.FromSeconds(30);

    public async Task<WorkflowDetail?> GetAsync(string namespaceName, string workflowId, string runId, CancellationToken cancellationToken = default)
    {
        var client = await frontend.GetAsync(cancellationToken);
        var execution = new WorkflowExecution { WorkflowId = workflowId, RunId = runId };
        try
        {
            var description = await client.WorkflowService.DescribeWorkflowExecutionAsync(
                new DescribeWorkflowExecutionRequest { Namespace = namespaceName, Execution = execution }, Options(cancellationToken));
            HistoryEvent? closeEvent = null;
            if (description.WorkflowExecutionInfo.Status != WorkflowExecutionStatus.Running)
            {
                // The close event alone (how it ended, the next run of its chain), as an SDK reads a result.
                var close = await client.WorkflowService.GetWorkflowExecutionHistoryAsync(new GetWorkflowExecutionHistoryRequest
                {
                    Namespace = namespaceName,
                    Execution = new WorkflowExecution { WorkflowId = workflowId, RunId = description.WorkflowExecutionInfo.Execution.RunId },
                    HistoryEventFilterType = HistoryEventFilterType.CloseEvent,
                }, Options(cancellationToken));
                closeEvent = close.History?.Events.LastOrDefault();
            }
            return new WorkflowDetail(namespaceName, description, closeEvent);
        }
        catch (RpcException ex) when (ex.Code is RpcException.StatusCode.NotFound or RpcException.StatusCode.InvalidArgument)
        {
            return null;
        }
    }

    public async Task<HistoryPage> GetHistoryPageAsync(WorkflowRunRef run, byte[]? pageToken, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var client = await frontend.GetAsync(cancellationToken);
        var page = await client.WorkflowService.GetWorkflowExecutionHistoryAsync(new GetWorkflowExecutionHistoryRequest
        {
            Namespace = run.Namespace,
            Execution = Execution(run),
            MaximumPageSize = pageSize,
            NextPageToken = pageToken is null ? Google.Protobuf.ByteString.Empty : Google.Protobuf.ByteString.CopyFrom(pageToken),
        }, Options(cancellationToken));
        return new HistoryPage([.. page.History?.Events ?? []], page.NextPageToken.IsEmpty ? null : page.NextPageToken.ToByteArray());
    }

    public Task SignalAsync(ClaimsPrincipal user, WorkflowRunRef run, string signalName, string payloadJson, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(signalName))
        {
            throw new WorkflowActionException("A signal needs a name.");
        }
        if (SignalPayload.Validate(payloadJson) is { } problem)
        {
            throw new WorkflowActionException(problem);
        }
        return SendAsync(user, (client, identity) => client.WorkflowService.SignalWorkflowExecutionAsync(new SignalWorkflowExecutionRequest
        {
            Namespace = run.Namespace,
            WorkflowExecution = Execution(run),
            SignalName = signalName.Trim(),
            Input = SignalPayload.ToPayloads(payloadJson),
            Identity = identity,
            RequestId = Guid.NewGuid().ToString(),
        }, Options(cancellationToken)), cancellationToken);
    }

    public async Task<string> UpdateAsync(ClaimsPrincipal user, WorkflowRunRef run, string updateName, string payloadJson, string reason, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(updateName))
        {
            throw new WorkflowActionException("An update needs a name.");
        }
        if (SignalPayload.Validate(payloadJson) is { } problem)
        {
            throw new WorkflowActionException(problem);
        }
        var name = updateName.Trim();
        var why = RequireReason(reason);
        UpdateWorkflowExecutionResponse? response = null;
        await SendAsync(user, async (client, identity) => response = await client.WorkflowService.UpdateWorkflowExecutionAsync(new UpdateWorkflowExecutionRequest
        {
            Namespace = run.Namespace,
            WorkflowExecution = Execution(run),
            WaitPolicy = new WaitPolicy { LifecycleStage = UpdateWorkflowExecutionLifecycleStage.Completed },
            Request = new Request
            {
                Meta = new Meta { UpdateId = Guid.NewGuid().ToString(), Identity = identity },
                Input = new Input { Name = name, Args = SignalPayload.ToPayloads(payloadJson), Header = OperatorUpdate.HeaderFor(why) },
            },
        }, new Temporalio.Client.RpcOptions { CancellationToken = cancellationToken, Timeout = UpdateWait }), cancellationToken);
        var outcome = OperatorUpdate.Describe(name, response!);
        ConsoleLog.WorkflowUpdateSent(logger, IdentityOf(user), name, run.WorkflowId, run.RunId, why, outcome);
        return outcome;
    }

    public Task RequestCancelAsync(ClaimsPrincipal user, WorkflowRunRef run, string reason, CancellationToken cancellationToken = default) =>
        SendAsync(user, (client, identity) => client.WorkflowService.RequestCancelWorkflowExecutionAsync(new RequestCancelWorkflowExecutionRequest
        {
            Namespace = run.Namespace,
            WorkflowExecution = Execution(run),
            Reason = RequireReason(reason),
            Identity = identity,
            RequestId = Guid.NewGuid().ToString(),
        }, Options(cancellationToken)), cancellationToken);

    public Task TerminateAsync(ClaimsPrincipal user, WorkflowRunRef run, string reason, CancellationToken cancellationToken = default) =>
        SendAsync(user, (client, identity) => client.WorkflowService.TerminateWorkflowExecutionAsync(new TerminateWorkflowExecutionRequest
        {
            Namespace = run.Namespace,
            WorkflowExecution = Execution(run),
            Reason = RequireReason(reason),
            Identity = identity,
        }, Options(cancellationToken)), cancellationToken);

    public async Task DeleteAsync(ClaimsPrincipal user, WorkflowRunRef run, string reason, CancellationToken cancellationToken = default)
    {
        var why = RequireReason(reason);
        await SendAsync(user, (client, _) => client.WorkflowService.DeleteWorkflowExecutionAsync(new DeleteWorkflowExecutionRequest
        {
            Namespace = run.Namespace,
            WorkflowExecution = Execution(run),
        }, Options(cancellationToken)), cancellationToken);
        // The run's history is gone with it: the console's log is the record of who deleted it and why.
        ConsoleLog.WorkflowDeleted(logger, IdentityOf(user), run.Namespace, run.WorkflowId, run.RunId, why);
    }

    public async Task<string> ResetAsync(ClaimsPrincipal user, WorkflowRunRef run, long workflowTaskFinishEventId, string reason, CancellationToken cancellationToken = default)
    {
        var why = RequireReason(reason);
        var newRunId = "";
        await SendAsync(user, async (client, identity) =>
        {
            var response = await client.WorkflowService.ResetWorkflowExecutionAsync(new ResetWorkflowExecutionRequest
            {
                Namespace = run.Namespace,
                WorkflowExecution = Execution(run),
                WorkflowTaskFinishEventId = workflowTaskFinishEventId,
                Reason = why,
                Identity = identity,
                RequestId = Guid.NewGuid().ToString(),
            }, Options(cancellationToken));
            newRunId = response.RunId;
        }, cancellationToken);
        ConsoleLog.WorkflowReset(logger, IdentityOf(user), run.WorkflowId, run.RunId, workflowTaskFinishEventId, newRunId, why);
        return newRunId;
    }

    /// <summary>The identity Temporal records for a console user's action.</summary>
    public static string IdentityOf(ClaimsPrincipal user) => "console:" + (user.Identity?.Name ?? throw new UnauthorizedAccessException("Sign in first."));

    private async Task SendAsync(ClaimsPrincipal user, Func<Temporalio.Client.TemporalClient, string, Task> send, CancellationToken cancellationToken)
    {
        permissions.EnsureCanOperate(user);
        var identity = IdentityOf(user);
        var client = await frontend.GetAsync(cancellationToken);
        try
        {
            await send(client, identity);
        }
        catch (RpcException ex)
        {
            throw new WorkflowActionException($"The server refused: {ex.Message} ({ex.Code})", ex);
        }
    }

    private static string RequireReason(string reason) =>
        string.IsNullOrWhiteSpace(reason) ? throw new WorkflowActionException("Say why: the reason is recorded in the workflow's history.") : reason.Trim();

    private static WorkflowExecution Execution(WorkflowRunRef run) => new() { WorkflowId = run.WorkflowId, RunId = run.RunId };

    private static Temporalio.Client.RpcOptions Options(CancellationToken cancellationToken) => new() { CancellationToken = cancellationToken };
}
