using Fencepost.Engine.Errors;
using Fencepost.Engine.History;
using Fencepost.Engine.History.Updates;
using Fencepost.Engine.Namespaces;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Temporalio.Api.Common.V1;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Frontend;

/// <summary>
/// ExecuteMultiOperation, which Temporal serves for one pair only: [StartWorkflow, UpdateWorkflow],
/// update-with-start. A failure names its operation the way Temporal does: the call's status is the
/// failed operation's, and a MultiOperationExecutionFailure detail holds one status per operation,
/// the other one ABORTED, which is how the SDKs tell a failed start from a failed update.
/// </summary>
internal sealed class MultiOperationHandlers(NamespaceRegistry namespaces, HistoryEngine history, TimeProvider timeProvider, ILogger<MultiOperationHandlers> logger)
    : IWorkflowServiceHandlerSource
{
    private const string Method = "ExecuteMultiOperation";
    private const string FailedMessage = "Update-with-Start could not be executed.";

    public void Register(HandlerRegistrar registrar) =>
        registrar.Add<ExecuteMultiOperationRequest, ExecuteMultiOperationResponse>(Method, ExecuteAsync);

    private async Task<ExecuteMultiOperationResponse> ExecuteAsync(ExecuteMultiOperationRequest request, ServerCallContext context)
    {
        var ns = await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        if (request.Operations.Count != 2 || request.Operations[0].StartWorkflow is not { } start || request.Operations[1].UpdateWorkflow is not { } update)
        {
            throw ServiceErrorException.InvalidArgument("Operations have to be exactly [Start, Update].");
        }
        var startError = Catch(() => CheckStart(ns, start));
        var updateError = Catch(() => CheckUpdate(ns, update, start.WorkflowId));
        if (startError is not null || updateError is not null)
        {
            throw Failed(startError is null ? null : Status(startError), updateError is null ? null : Status(updateError));
        }
        var spec = WorkflowHandlers.BuildSpec(ns, start.WorkflowId, start.WorkflowType?.Name, start.TaskQueue?.Name, start.Input, start.WorkflowExecutionTimeout,
            start.WorkflowRunTimeout, start.WorkflowTaskTimeout, start.RetryPolicy, start.CronSchedule, start.Identity, start.RequestId,
            start.Header, start.Memo, start.SearchAttributes, start.WorkflowStartDelay, start.Priority, null, requestEagerStart: false);
        var stage = update.WaitPolicy.LifecycleStage;
        var deadline = LongPollDeadline.Of(context, LongPollDeadline.DefaultHold, timeProvider);
        UpdateWithStartResult result;
        try
        {
            result = await history.UpdateWithStartAsync(ns, spec, start.WorkflowIdReusePolicy, start.WorkflowIdConflictPolicy, update.Request, history.UpdateLimitsFor(ns.Name),
                stage, deadline, context.CancellationToken).ConfigureAwait(false);
        }
        catch (UpdateWithStartException failed)
        {
            var status = Status(failed.InnerException!);
            throw failed.InStart ? Failed(status, null) : Failed(null, status);
        }
        var run = new WorkflowKey(ns.Id, start.WorkflowId, result.RunId);
        var response = new ExecuteMultiOperationResponse();
        response.Responses.Add(new ExecuteMultiOperationResponse.Types.Response
        {
            StartWorkflow = new StartWorkflowExecutionResponse { RunId = result.RunId.ToString(), Started = result.Started, Status = result.RunStatus },
        });
        response.Responses.Add(new ExecuteMultiOperationResponse.Types.Response { UpdateWorkflow = UpdateHandlers.Response(run, update.Request.Meta.UpdateId, result.Update) });
        return response;
    }

    /// <summary>What update-with-start cannot do with a start (Temporal's limits on the operation).</summary>
    private static void CheckStart(NamespaceEntry ns, StartWorkflowExecutionRequest start)
    {
        if (start.Namespace.Length > 0 && start.Namespace != ns.Name)
        {
            throw ServiceErrorException.InvalidArgument("Operation namespace did not match request's namespace.");
        }
        if (start.CronSchedule.Length > 0)
        {
            throw ServiceErrorException.InvalidArgument("CronSchedule is not allowed.");
        }
        if (start.RequestEagerExecution)
        {
            throw ServiceErrorException.InvalidArgument("RequestEagerExecution is not supported.");
        }
        if (start.WorkflowStartDelay is { } delay && delay.ToTimeSpan() > TimeSpan.Zero)
        {
            throw ServiceErrorException.InvalidArgument("WorkflowStartDelay is not supported.");
        }
        WorkflowHandlers.BuildSpec(ns, start.WorkflowId, start.WorkflowType?.Name, start.TaskQueue?.Name, start.Input, start.WorkflowExecutionTimeout,
            start.WorkflowRunTimeout, start.WorkflowTaskTimeout, start.RetryPolicy, start.CronSchedule, start.Identity, start.RequestId,
            start.Header, start.Memo, start.SearchAttributes, start.WorkflowStartDelay, start.Priority, null, requestEagerStart: false);
    }

    private static void CheckUpdate(NamespaceEntry ns, UpdateWorkflowExecutionRequest update, string workflowId)
    {
        if (update.Namespace.Length > 0 && update.Namespace != ns.Name)
        {
            throw ServiceErrorException.InvalidArgument("Operation namespace did not match request's namespace.");
        }
        UpdateRequests.Prepare(update);
        if (update.FirstExecutionRunId.Length > 0)
        {
            throw ServiceErrorException.InvalidArgument("FirstExecutionRunId is not allowed.");
        }
        if (update.WorkflowExecution.RunId.Length > 0)
        {
            throw ServiceErrorException.InvalidArgument("RunId is not allowed.");
        }
        if (update.WorkflowExecution.WorkflowId != workflowId)
        {
            throw ServiceErrorException.InvalidArgument("WorkflowId is not consistent with previous operation(s).");
        }
    }

    private static ServiceErrorException? Catch(Action check)
    {
        try
        {
            check();
            return null;
        }
        catch (ServiceErrorException ex)
        {
            return ex;
        }
    }

    /// <summary>The failed operation's status, as its own call would have answered it.</summary>
    private MultiOperationExecutionFailure.Types.OperationStatus Status(Exception error)
    {
        var rpc = RpcErrors.FromException(error, Method, logger);
        var status = new MultiOperationExecutionFailure.Types.OperationStatus { Code = (int)rpc.StatusCode, Message = rpc.Status.Detail };
        if (rpc.Trailers.GetValueBytes(RpcErrors.StatusDetailsTrailer) is { } details)
        {
            status.Details.AddRange(GrpcStatus.Parser.ParseFrom(details).Details);
        }
        return status;
    }

    private static ServiceErrorException Failed(MultiOperationExecutionFailure.Types.OperationStatus? start, MultiOperationExecutionFailure.Types.OperationStatus? update)
    {
        var failure = new MultiOperationExecutionFailure();
        failure.Statuses.Add(start ?? Aborted());
        failure.Statuses.Add(update ?? Aborted());
        var failed = start ?? update!;
        return new ServiceErrorException((StatusCode)failed.Code, $"{FailedMessage} {(start is not null ? "Start" : "Update")} failed: {failed.Message}", failure);
    }

    private static MultiOperationExecutionFailure.Types.OperationStatus Aborted()
    {
        var aborted = new MultiOperationExecutionFailure.Types.OperationStatus { Code = (int)StatusCode.Aborted, Message = "Operation was aborted." };
        aborted.Details.Add(Any.Pack(new MultiOperationExecutionAborted()));
        return aborted;
    }
}
