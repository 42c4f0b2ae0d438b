using Fencepost.Engine.Errors;
using Fencepost.Engine.History;
using Fencepost.Engine.History.Cron;
using Fencepost.Engine.History.CrossShard;
using Fencepost.Engine.Namespaces;
using Grpc.Core;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Frontend;

/// <summary>Starting, signalling, cancelling, terminating and deleting workflows.</summary>
internal sealed class WorkflowHandlers(NamespaceRegistry namespaces, HistoryEngine history, ICrossShardCalls targets) : IWorkflowServiceHandlerSource
{
    private const int MaxSignalWithStartAttempts = 5;

    public void Register(HandlerRegistrar registrar)
    {
        registrar.Add<StartWorkflowExecutionRequest, StartWorkflowExecutionResponse>("StartWorkflowExecution", StartAsync);
        registrar.Add<SignalWorkflowExecutionRequest, SignalWorkflowExecutionResponse>("SignalWorkflowExecution", SignalAsync);
        registrar.Add<SignalWithStartWorkflowExecutionRequest, SignalWithStartWorkflowExecutionResponse>("SignalWithStartWorkflowExecution", SignalWithStartAsync);
        registrar.Add<RequestCancelWorkflowExecutionRequest, RequestCancelWorkflowExecutionResponse>("RequestCancelWorkflowExecution", CancelAsync);
        registrar.Add<TerminateWorkflowExecutionRequest, TerminateWorkflowExecutionResponse>("TerminateWorkflowExecution", TerminateAsync);
        registrar.Add<DeleteWorkflowExecutionRequest, DeleteWorkflowExecutionResponse>("DeleteWorkflowExecution", DeleteAsync);
    }

    private async Task<StartWorkflowExecutionResponse> StartAsync(StartWorkflowExecutionRequest request, ServerCallContext context)
    {
        var ns = await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        var spec = BuildSpec(ns, request.WorkflowId, request.WorkflowType?.Name, request.TaskQueue?.Name, request.Input, request.WorkflowExecutionTimeout,
            request.WorkflowRunTimeout, request.WorkflowTaskTimeout, request.RetryPolicy, request.CronSchedule, request.Identity, request.RequestId,
            request.Header, request.Memo, request.SearchAttributes, request.WorkflowStartDelay, request.Priority, null, request.RequestEagerExecution);
        var result = await history.StartWorkflowAsync(ns, spec, request.WorkflowIdReusePolicy, request.WorkflowIdConflictPolicy, context.CancellationToken).ConfigureAwait(false);
        return new StartWorkflowExecutionResponse { RunId = result.RunId.ToString(), Started = result.Started, Status = result.Status, EagerWorkflowTask = result.EagerWorkflowTask };
    }

    private async Task<SignalWorkflowExecutionResponse> SignalAsync(SignalWorkflowExecutionRequest request, ServerCallContext context)
    {
        var ns = await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        RequestValidator.WorkflowId(request.WorkflowExecution?.WorkflowId ?? "");
        RequestValidator.Name(request.SignalName, "SignalName");
        RequestValidator.Blob(request.Input, "Signal input");
        var key = await history.ResolveRunAsync(ns.Id, request.WorkflowExecution!.WorkflowId, request.WorkflowExecution.RunId, context.CancellationToken).ConfigureAwait(false);
        await history.SignalAsync(key, request.SignalName, request.Input, request.Identity, request.RequestId, request.Header, context.CancellationToken).ConfigureAwait(false);
        return new SignalWorkflowExecutionResponse();
    }

    private async Task<SignalWithStartWorkflowExecutionResponse> SignalWithStartAsync(SignalWithStartWorkflowExecutionRequest request, ServerCallContext context)
    {
        var ns = await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        RequestValidator.Name(request.SignalName, "SignalName");
        RequestValidator.Blob(request.SignalInput, "Signal input");
        var spec = BuildSpec(ns, request.WorkflowId, request.WorkflowType?.Name, request.TaskQueue?.Name, request.Input, request.WorkflowExecutionTimeout,
            request.WorkflowRunTimeout, request.WorkflowTaskTimeout, request.RetryPolicy, request.CronSchedule, request.Identity, request.RequestId,
            request.Header, request.Memo, request.SearchAttributes, request.WorkflowStartDelay, request.Priority, (request.SignalName, request.SignalInput, request.Header),
            requestEagerStart: false);
        for (var attempt = 0; attempt < MaxSignalWithStartAttempts; attempt++)
        {
            try
            {
                var current = await history.ResolveRunAsync(ns.Id, request.WorkflowId, null, context.CancellationToken).ConfigureAwait(false);
                await history.SignalAsync(current, request.SignalName, request.SignalInput, request.Identity, request.RequestId, request.Header, context.CancellationToken).ConfigureAwait(false);
                return new SignalWithStartWorkflowExecutionResponse { RunId = current.RunId.ToString(), Started = false };
            }
            catch (ServiceErrorException ex) when (ex.Code == StatusCode.NotFound)
            {
                // No running run: start one with the signal as its second event.
            }
            try
            {
                var conflict = request.WorkflowIdConflictPolicy == WorkflowIdConflictPolicy.TerminateExisting
                    ? WorkflowIdConflictPolicy.TerminateExisting
                    : WorkflowIdConflictPolicy.Fail;
                var result = await history.StartWorkflowAsync(ns, spec, request.WorkflowIdReusePolicy, conflict, context.CancellationToken).ConfigureAwait(false);
                return new SignalWithStartWorkflowExecutionResponse { RunId = result.RunId.ToString(), Started = result.Started };
            }
            catch (ServiceErrorException ex) when (ex.Code == StatusCode.AlreadyExists && ex.Detail is Temporalio.Api.ErrorDetails.V1.WorkflowExecutionAlreadyStartedFailure
                && request.WorkflowIdReusePolicy != WorkflowIdReusePolicy.RejectDuplicate)
            {
                // Another start won the race: signal that run instead.
            }
        }
        throw ServiceErrorException.Unavailable($"Workflow {request.WorkflowId} kept changing during SignalWithStart; retry.");
    }

    private async Task<RequestCancelWorkflowExecutionResponse> CancelAsync(RequestCancelWorkflowExecutionRequest request, ServerCallContext context)
    {
        var ns = await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        RequestValidator.WorkflowId(request.WorkflowExecution?.WorkflowId ?? "");
        var key = await history.ResolveRunAsync(ns.Id, request.WorkflowExecution!.WorkflowId, request.WorkflowExecution.RunId, context.CancellationToken).ConfigureAwait(false);
        await history.RequestCancelAsync(key, request.FirstExecutionRunId, request.Reason, request.Identity, request.RequestId, null, 0, context.CancellationToken).ConfigureAwait(false);
        return new RequestCancelWorkflowExecutionResponse();
    }

    private async Task<TerminateWorkflowExecutionResponse> TerminateAsync(TerminateWorkflowExecutionRequest request, ServerCallContext context)
    {
        var ns = await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        RequestValidator.WorkflowId(request.WorkflowExecution?.WorkflowId ?? "");
        RequestValidator.Blob(request.Details, "Termination details");
        var key = await history.ResolveRunAsync(ns.Id, request.WorkflowExecution!.WorkflowId, request.WorkflowExecution.RunId, context.CancellationToken).ConfigureAwait(false);
        await history.TerminateAsync(key, request.FirstExecutionRunId, request.Reason, request.Details, request.Identity, context.CancellationToken).ConfigureAwait(false);
        return new TerminateWorkflowExecutionResponse();
    }

    private async Task<DeleteWorkflowExecutionResponse> DeleteAsync(DeleteWorkflowExecutionRequest request, ServerCallContext context)
    {
        var ns = await namespaces.GetAsync(request.Namespace, context.CancellationToken).ConfigureAwait(false);
        RequestValidator.WorkflowId(request.WorkflowExecution?.WorkflowId ?? "");
        var key = await history.ResolveRunAsync(ns.Id, request.WorkflowExecution!.WorkflowId, request.WorkflowExecution.RunId, context.CancellationToken).ConfigureAwait(false);
        await history.DeleteWorkflowAsync(key, targets, context.CancellationToken).ConfigureAwait(false);
        return new DeleteWorkflowExecutionResponse();
    }

    internal static NewRunSpec BuildSpec(NamespaceEntry ns, string workflowId, string? workflowType, string? taskQueue, Temporalio.Api.Common.V1.Payloads? input,
        Google.Protobuf.WellKnownTypes.Duration? executionTimeout, Google.Protobuf.WellKnownTypes.Duration? runTimeout, Google.Protobuf.WellKnownTypes.Duration? taskTimeout,
        Temporalio.Api.Common.V1.RetryPolicy? retryPolicy, string cronSchedule, string identity, string requestId, Temporalio.Api.Common.V1.Header? header,
        Temporalio.Api.Common.V1.Memo? memo, Temporalio.Api.Common.V1.SearchAttributes? searchAttributes, Google.Protobuf.WellKnownTypes.Duration? startDelay,
        Temporalio.Api.Common.V1.Priority? priority, (string, Temporalio.Api.Common.V1.Payloads?, Temporalio.Api.Common.V1.Header?)? signal, bool requestEagerStart)
    {
        RequestValidator.WorkflowId(workflowId);
        RequestValidator.Name(workflowType, "WorkflowType");
        RequestValidator.Name(taskQueue, "TaskQueue");
        RequestValidator.Blob(input, "Workflow input");
        RequestValidator.Blob(memo, "Memo");
        RequestValidator.Blob(searchAttributes, "SearchAttributes");
        if (Search.SearchAttributeValues.Problem(searchAttributes, ns) is { } badSearchAttributes)
        {
            throw ServiceErrorException.InvalidArgument(badSearchAttributes);
        }
        RequestValidator.Blob(header, "Header");
        RequestValidator.Retry(retryPolicy);
        var execution = RequestValidator.Timeout(executionTimeout, "WorkflowExecutionTimeout");
        var run = RequestValidator.Timeout(runTimeout, "WorkflowRunTimeout");
        var task = RequestValidator.Timeout(taskTimeout, "WorkflowTaskTimeout");
        var delay = RequestValidator.Timeout(startDelay, "WorkflowStartDelay");
        if (!string.IsNullOrEmpty(cronSchedule))
        {
            if (CronSchedule.Validate(cronSchedule) is { } problem)
            {
                throw ServiceErrorException.InvalidArgument(problem);
            }
            if (delay is not null)
            {
                throw ServiceErrorException.InvalidArgument("CronSchedule and WorkflowStartDelay may not be used together.");
            }
        }
        if (execution is { } e && run is { } r && r > e)
        {
            run = e;
        }
        return new NewRunSpec
        {
            NamespaceId = ns.Id,
            Namespace = ns.Name,
            WorkflowId = workflowId,
            WorkflowType = workflowType!,
            TaskQueue = taskQueue!,
            Input = input,
            ExecutionTimeout = execution,
            RunTimeout = run,
            TaskTimeout = task,
            RetryPolicy = retryPolicy,
            CronSchedule = cronSchedule,
            Identity = identity,
            RequestId = string.IsNullOrEmpty(requestId) ? Guid.NewGuid().ToString() : requestId,
            Header = header,
            Memo = memo,
            SearchAttributes = searchAttributes,
            StartDelay = delay ?? TimeSpan.Zero,
            Priority = priority,
            Signal = signal,
            RequestEagerStart = requestEagerStart,
        };
    }
}
