using Fencepost.Engine.Hosting;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Api.Common.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>
/// Calls the engine's WorkflowService over plain gRPC, bypassing the SDK's client, which rewrites
/// some requests on the way (it clears <c>request_eager_execution</c> unless a worker of the same
/// client has reserved a slot for the task).
/// </summary>
public sealed class RawWorkflowService : IDisposable
{
    private const string Service = "temporal.api.workflowservice.v1.WorkflowService";

    /// <summary>Longer than the engine's 60 s poll hold, so an empty poll comes back before the deadline.</summary>
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(75);

    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    private readonly GrpcChannel _channel;

    public RawWorkflowService(IServiceProvider engine)
    {
        _channel = GrpcChannel.ForAddress($"http://{engine.GetRequiredService<IFrontendEndpoint>().Target}");
    }

    public async Task<TResponse> CallAsync<TResponse>(string method, IMessage request, MessageParser<TResponse> parser)
        where TResponse : IMessage<TResponse>
    {
        var call = new Method<byte[], byte[]>(MethodType.Unary, Service, method, Bytes, Bytes);
        var response = await _channel.CreateCallInvoker().AsyncUnaryCall(call, null, new CallOptions(deadline: DateTime.UtcNow + CallDeadline), request.ToByteArray());
        return parser.ParseFrom(response);
    }

    /// <summary>Sends <paramref name="body"/> as the request exactly as given (it need not be a valid message).</summary>
    public async Task<byte[]> CallBytesAsync(string method, byte[] body)
    {
        var call = new Method<byte[], byte[]>(MethodType.Unary, Service, method, Bytes, Bytes);
        return await _channel.CreateCallInvoker().AsyncUnaryCall(call, null, new CallOptions(deadline: DateTime.UtcNow + CallDeadline), body);
    }

    public Task<StartWorkflowExecutionResponse> StartAsync(StartWorkflowExecutionRequest request) =>
        CallAsync("StartWorkflowExecution", request, StartWorkflowExecutionResponse.Parser);

    /// <summary>The run's whole history in the default namespace (the current run when <paramref name="runId"/> is empty).</summary>
    public async Task<IReadOnlyList<HistoryEvent>> HistoryAsync(string workflowId, string runId = "")
    {
        var response = await CallAsync("GetWorkflowExecutionHistory", new GetWorkflowExecutionHistoryRequest
        {
            Namespace = "default",
            Execution = new WorkflowExecution { WorkflowId = workflowId, RunId = runId },
        }, GetWorkflowExecutionHistoryResponse.Parser);
        return response.History.Events;
    }

    public Task<TerminateWorkflowExecutionResponse> TerminateAsync(string workflowId, string reason = "cleanup") =>
        CallAsync("TerminateWorkflowExecution", new TerminateWorkflowExecutionRequest
        {
            Namespace = "default",
            WorkflowExecution = new WorkflowExecution { WorkflowId = workflowId },
            Reason = reason,
        }, TerminateWorkflowExecutionResponse.Parser);

    public void Dispose() => _channel.Dispose();
}
