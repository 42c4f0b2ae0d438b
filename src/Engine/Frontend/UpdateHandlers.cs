using Fencepost.Engine.History;
using Fencepost.Engine.History.Updates;
using Fencepost.Engine.Namespaces;
using Grpc.Core;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Update.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Frontend;

/// <summary>
/// Workflow Update: UpdateWorkflowExecution admits an update and holds until the stage asked for
/// (ADMITTED, ACCEPTED or COMPLETED) or up to 20 s, then answers the stage reached, and the SDK
/// asks again or polls; PollWorkflowExecutionUpdate waits for an update admitted earlier.
/// </summary>
internal sealed class UpdateHandlers(NamespaceRegistry namespaces, HistoryEngine history, TimeProvider timeProvider) : IWorkflowServiceHandlerSource
{
    public void Register(HandlerRegistrar registrar)
    {
        registrar.Add<UpdateWorkflowExecutionRequest, UpdateWorkflowExecutionResponse>("UpdateWorkflowExecution", UpdateAsync);
        registrar.Add<PollWorkflowExecutionUpdateRequest, PollWorkflowExecutionUpdateResponse>("PollWorkflowExecutionUpdate", PollAsync);
    }

    internal static UpdateRef RefOf(WorkflowKey run, string updateId) => new()
    {
        WorkflowExecution = new WorkflowExecution { WorkflowId = run.WorkflowId, RunId = run.RunId.ToString() },
        UpdateId = updateId,
    };

    private async Task<UpdateWorkflowExecutionResponse> UpdateAsync(UpdateWorkflowExecutionRequest request, ServerCallContext context)
    {
        var ns = await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        var stage = UpdateRequests.Prepare(request);
        var deadline = LongPollDeadline.Of(context, LongPollDeadline.DefaultHold, timeProvider);
        var (run, status) = await history.UpdateWorkflowAsync(ns.Id, request.WorkflowExecution.WorkflowId, request.WorkflowExecution.RunId, request.FirstExecutionRunId,
            request.Request, history.UpdateLimitsFor(ns.Name), stage, deadline, context.CancellationToken).ConfigureAwait(false);
        return Response(run, request.Request.Meta.UpdateId, status);
    }

    internal static UpdateWorkflowExecutionResponse Response(WorkflowKey run, string updateId, UpdateStatus status) => new()
    {
        UpdateRef = RefOf(run, updateId),
        Outcome = status.Outcome,
        Stage = status.Stage,
    };

    private async Task<PollWorkflowExecutionUpdateResponse> PollAsync(PollWorkflowExecutionUpdateRequest request, ServerCallContext context)
    {
        var ns = await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        if (request.UpdateRef is not { } updateRef)
        {
            throw Errors.ServiceErrorException.InvalidArgument("UpdateRef is not set on request.");
        }
        RequestValidator.WorkflowId(updateRef.WorkflowExecution?.WorkflowId ?? "");
        RequestValidator.Name(updateRef.UpdateId, "UpdateRef.UpdateId");
        var stage = request.WaitPolicy?.LifecycleStage ?? UpdateWorkflowExecutionLifecycleStage.Unspecified;
        var run = await history.ResolveRunAsync(ns.Id, updateRef.WorkflowExecution!.WorkflowId, updateRef.WorkflowExecution.RunId, context.CancellationToken).ConfigureAwait(false);
        var deadline = LongPollDeadline.Of(context, LongPollDeadline.DefaultHold, timeProvider);
        var status = await history.PollUpdateAsync(run, updateRef.UpdateId, stage, deadline, context.CancellationToken).ConfigureAwait(false);
        return new PollWorkflowExecutionUpdateResponse { UpdateRef = RefOf(run, updateRef.UpdateId), Outcome = status.Outcome, Stage = status.Stage };
    }
}
