using Fencepost.Engine.Errors;
using Fencepost.Engine.History;
using Fencepost.Engine.Namespaces;
using Grpc.Core;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Workflow.V1;
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
        var reset = new ResetRequest(request.WorkflowTaskFinishEventId, request.Reason, request.RequestId, request.Identity, reapplySignals, PostResetSignals(request));
        var runId = await history.ResetAsync(key, reset, context.CancellationToken).ConfigureAwait(false);
        return new ResetWorkflowExecutionResponse { RunId = runId.ToString() };
    }

    /// <summary>
    /// The post-reset operations, as the signals they send to the new run. Updating the workflow's
    /// options (versioning overrides) is refused: Fencepost has no worker versioning.
    /// </summary>
    private static List<HistoryEvent> PostResetSignals(ResetWorkflowExecutionRequest request)
    {
        var signals = new List<HistoryEvent>();
        for (var i = 0; i < request.PostResetOperations.Count; i++)
        {
            var operation = request.PostResetOperations[i];
            if (operation.VariantCase != PostResetOperation.VariantOneofCase.SignalWorkflow)
            {
                throw ServiceErrorException.InvalidArgument($"PostResetOperations[{i}]: only SignalWorkflow is supported (Fencepost has no worker versioning options to update).");
            }
            var signal = operation.SignalWorkflow;
            RequestValidator.Name(signal.SignalName, $"PostResetOperations[{i}].SignalWorkflow.SignalName");
            RequestValidator.Blob(signal.Input, $"PostResetOperations[{i}].SignalWorkflow.Input");
            signals.Add(new HistoryEvent
            {
                EventType = EventType.WorkflowExecutionSignaled,
                WorkflowExecutionSignaledEventAttributes = new WorkflowExecutionSignaledEventAttributes
                {
                    SignalName = signal.SignalName,
                    Input = signal.Input,
                    Header = signal.Header,
                    Identity = request.Identity,
                },
            });
        }
        return signals;
    }
}
