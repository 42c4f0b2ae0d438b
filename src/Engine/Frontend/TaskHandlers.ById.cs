using Fencepost.Engine.History;
using Grpc.Core;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Frontend;

/// <summary>
/// Async activity completion by workflow id and activity id (the SDKs' async-completion handles
/// built from ids instead of a task token). The activity's current attempt stands in for the token:
/// it must be started, so an activity waiting for its next attempt, or one already finished,
/// answers NOT_FOUND as a stale token does; every other rule is the token variant's.
/// </summary>
internal sealed partial class TaskHandlers
{
    private void RegisterById(HandlerRegistrar registrar)
    {
        registrar.Add<RespondActivityTaskCompletedByIdRequest, RespondActivityTaskCompletedByIdResponse>("RespondActivityTaskCompletedById", async (request, context) =>
        {
            var token = await TokenByIdAsync(request.Namespace, request.WorkflowId, request.RunId, request.ActivityId, context).ConfigureAwait(false);
            await CompleteActivityAsync(token, request.Result, request.Identity, context.CancellationToken).ConfigureAwait(false);
            return new RespondActivityTaskCompletedByIdResponse();
        });
        registrar.Add<RespondActivityTaskFailedByIdRequest, RespondActivityTaskFailedByIdResponse>("RespondActivityTaskFailedById", async (request, context) =>
        {
            var token = await TokenByIdAsync(request.Namespace, request.WorkflowId, request.RunId, request.ActivityId, context).ConfigureAwait(false);
            await FailActivityAsync(token, request.Failure, request.LastHeartbeatDetails, request.Identity, context.CancellationToken).ConfigureAwait(false);
            return new RespondActivityTaskFailedByIdResponse();
        });
        registrar.Add<RespondActivityTaskCanceledByIdRequest, RespondActivityTaskCanceledByIdResponse>("RespondActivityTaskCanceledById", async (request, context) =>
        {
            RequestValidator.Blob(request.Details, "Cancellation details");
            var token = await TokenByIdAsync(request.Namespace, request.WorkflowId, request.RunId, request.ActivityId, context).ConfigureAwait(false);
            await history.RespondActivityCanceledAsync(token, request.Details, request.Identity, context.CancellationToken).ConfigureAwait(false);
            return new RespondActivityTaskCanceledByIdResponse();
        });
        registrar.Add<RecordActivityTaskHeartbeatByIdRequest, RecordActivityTaskHeartbeatByIdResponse>("RecordActivityTaskHeartbeatById", async (request, context) =>
        {
            RequestValidator.Blob(request.Details, "Heartbeat details");
            var token = await TokenByIdAsync(request.Namespace, request.WorkflowId, request.RunId, request.ActivityId, context).ConfigureAwait(false);
            var cancelRequested = await history.RecordActivityHeartbeatAsync(token, request.Details, context.CancellationToken).ConfigureAwait(false);
            return new RecordActivityTaskHeartbeatByIdResponse { CancelRequested = cancelRequested };
        });
    }

    private async Task<TaskToken> TokenByIdAsync(string ns, string workflowId, string runId, string activityId, ServerCallContext context)
    {
        var entry = await namespaces.GetAsync(ns, context.CancellationToken).ConfigureAwait(false);
        RequestValidator.WorkflowId(workflowId);
        RequestValidator.Name(activityId, "ActivityId");
        var key = await history.ResolveRunAsync(entry.Id, workflowId, runId, context.CancellationToken).ConfigureAwait(false);
        return await history.ActivityTokenAsync(key, activityId, context.CancellationToken).ConfigureAwait(false);
    }
}
