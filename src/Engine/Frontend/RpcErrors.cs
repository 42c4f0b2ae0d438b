using Fencepost.Engine.Errors;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Limits;
using Google.Protobuf.WellKnownTypes;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Temporalio.Api.Common.V1;

namespace Fencepost.Engine.Frontend;

/// <summary>
/// Turns engine and persistence failures into the gRPC statuses the SDKs act on. Details travel as
/// a serialized google.rpc.Status (wire-equal to <see cref="GrpcStatus"/>) in grpc-status-details-bin.
/// Only transient failures get codes the SDK core retries (Unavailable); permanent ones never do.
/// An unexpected failure is INTERNAL with a generic message and an error id; the exception itself
/// (which may name tables, columns or code) goes to the server log once, under that id.
/// </summary>
public static partial class RpcErrors
{
    public const string StatusDetailsTrailer = "grpc-status-details-bin";

    public static RpcException Create(StatusCode code, string message, IMessage? detail)
    {
        message = ErrorText.Message(message);
        var trailers = new Metadata();
        if (detail is not null)
        {
            var status = new GrpcStatus { Code = (int)code, Message = message };
            status.Details.Add(Any.Pack(detail));
            trailers.Add(StatusDetailsTrailer, status.ToByteArray());
        }
        return new RpcException(new Status(code, message), trailers, message);
    }

    /// <summary>The status for <paramref name="exception"/>; an unexpected one is logged to <paramref name="logger"/> as an error.</summary>
    public static RpcException FromException(Exception exception, string method, ILogger logger) => exception switch
    {
        RpcException rpc => rpc,
        ServiceErrorException service => Create(service.Code, service.Message, service.Detail),
        ShardOwnershipLostException lost => Create(StatusCode.Unavailable, $"Shard {lost.ShardId} moved to another owner; retry.", null),
        PersistenceException { IsRetryable: true } or RetriesExhaustedException => Create(StatusCode.Unavailable, "The store is busy (write conflicts); retry.", null),
        PersistenceException { ErrorClass: PersistenceErrorClass.ConditionFailed } => Create(StatusCode.Unavailable, "The workflow changed concurrently; retry.", null),
        PersistenceException { ErrorClass: PersistenceErrorClass.Unavailable or PersistenceErrorClass.ConnectionCapacity } p => Create(StatusCode.Unavailable, p.Message, null),
        PersistenceException { ErrorClass: PersistenceErrorClass.OutcomeUnknown } => Create(StatusCode.Unavailable,
            "The store's connection broke while this change was committing; the server is re-reading what it holds. Retry with the same request id.", null),
        PersistenceException { ErrorClass: PersistenceErrorClass.LimitExceeded } p => LimitExceeded(p, method, logger),
        PersistenceException { ErrorClass: PersistenceErrorClass.InvalidRequest } p => Create(StatusCode.InvalidArgument, p.Message, null),
        OperationCanceledException => Create(StatusCode.Cancelled, "The call was cancelled.", null),
        _ => Internal(exception, method, logger),
    };

    /// <summary>INVALID_ARGUMENT in the caller's words; the store's own message (tables, columns) is logged.</summary>
    private static RpcException LimitExceeded(PersistenceException exception, string method, ILogger logger)
    {
        LogLimitExceeded(logger, method, exception);
        return Create(StatusCode.InvalidArgument, StoreLimitMessages.For(exception), null);
    }

    private static RpcException Internal(Exception exception, string method, ILogger logger)
    {
        var errorId = Guid.NewGuid().ToString("N")[..12];
        LogInternal(logger, method, errorId, exception);
        return Create(StatusCode.Internal, $"Internal server error (error id {errorId}); the server log has the details under this id.", null);
    }

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "{Method} was refused: it exceeds a store limit")]
    private static partial void LogLimitExceeded(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Error, Message = "{Method} failed with an internal error, error id {ErrorId}")]
    private static partial void LogInternal(ILogger logger, string method, string errorId, Exception exception);
}
