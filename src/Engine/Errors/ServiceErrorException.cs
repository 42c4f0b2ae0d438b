using Google.Protobuf;
using Grpc.Core;

namespace Fencepost.Engine.Errors;

/// <summary>
/// An error the frontend reports with a gRPC status and, where the SDKs look for one, a typed
/// detail message (sent in grpc-status-details-bin). Thrown anywhere in the engine, so it lives below every layer that throws it.
/// </summary>
public sealed class ServiceErrorException(StatusCode code, string message, IMessage? detail = null) : Exception(message)
{
    public StatusCode Code { get; } = code;

    public IMessage? Detail { get; } = detail;

    public static ServiceErrorException InvalidArgument(string message) => new(StatusCode.InvalidArgument, message);

    public static ServiceErrorException NotFound(string message) => new(StatusCode.NotFound, message);

    public static ServiceErrorException NamespaceNotFound(string name) =>
        new(StatusCode.NotFound, $"Namespace {ErrorText.Echo(name)} is not found.", new Temporalio.Api.ErrorDetails.V1.NamespaceNotFoundFailure { Namespace = name });

    public static ServiceErrorException Unavailable(string message) => new(StatusCode.Unavailable, message);

    public static ServiceErrorException AlreadyStarted(string workflowId, string requestId, string runId) =>
        new(StatusCode.AlreadyExists, $"Workflow execution already started: workflow id {ErrorText.Echo(workflowId)}, run id {runId}.",
            new Temporalio.Api.ErrorDetails.V1.WorkflowExecutionAlreadyStartedFailure { StartRequestId = requestId, RunId = runId });

    public static ServiceErrorException FailedPrecondition(string message) => new(StatusCode.FailedPrecondition, message);
}
