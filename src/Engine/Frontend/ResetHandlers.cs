using Fencepost.Engine.Errors;
using Fencepost.Engine.History;
using Fencepost.Engine.Namespaces;
using Grpc.Core;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;

// reset_reapply_type is deprecated in favour of reset_reapply_exclude_types, yet SDKs and the CLI still send it.
#pragma warning disable CS0612

namespace Fencepost.Engine.Frontend;

/// <summary>ResetWorkflowExecution: a new run from an earlier workflow task of a run (the recovery from a bad deploy).</summary>
internal sealed class ResetHandlers(NamespaceRegistry namespaces, HistoryEngine history) : IWorkflowServiceHandlerSource
{
    public void Register(HandlerRegistrar registrar) =>
        registrar.Add<ResetWorkflowExecutionRequest, ResetWorkflowExecutionResponse>("ResetWorkflowExecution", ResetAsync);

    private async Task<ResetWorkflowExecutionResponse> ResetAsync(ResetWorkflowExecutionRequest request, ServerCallContext context)
    {
        var ns = await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        RequestValidator.WorkflowId(request.WorkflowExecution?.WorkflowId ?? "");
        if (request.WorkflowTaskFinishEventId <= 0)
        {
            throw ServiceErrorException.InvalidArgument("WorkflowTaskFinishEventId is not set on request.");
        }
        if (request.ResetReapplyType is not (ResetReapplyType.Unspecified or ResetReapplyType.Signal or ResetReapplyType.None or ResetReapplyType.AllEligible))
        {
            throw ServiceErrorException.InvalidArgument($"Unknown ResetReapplyType {(int)request.ResetReapplyType}.");
        }
        var key = await history.ResolveRunAsync(ns.Id, request.WorkflowExecution!.WorkflowId, request.WorkflowExecution.RunId, context.CancellationToken).ConfigureAwait(false);
        // As Temporal: the legacy reapply type NONE excludes everything; the exclude list names what else to leave out.
        var reapplySignals = request.ResetReapplyType != ResetReapplyType.None && !request.ResetReapplyExcludeTypes.Contains(ResetReapplyExcludeType.Signal);
        var reset = new ResetRequest(request.WorkflowTaskFinishEventId, request.Reason, request.RequestId, request.Identity, reapplySignals);
        var runId = await history.ResetAsync(key, reset, context.CancellationToken).ConfigureAwait(false);
        return new ResetWorkflowExecutionResponse { RunId = runId.ToString() };
    }
}
