using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using Fencepost.Engine.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>
/// Requests being read take their size from the node's budget: with room for one 8 MiB request, a
/// second one while the first is still arriving is answered RESOURCE_EXHAUSTED without being read,
/// and once the first is done the budget is whole again. Raw HTTP/2, so the first request can be
/// held half-sent the way a slow or hostile client holds it.
/// </summary>
public sealed class RequestByteBudgetTests : IAsyncLifetime
{
    private const int MessageBytes = 8 * 1024 * 1024;
    private const string StartPath = "/temporal.api.workflowservice.v1.WorkflowService/StartWorkflowExecution";
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = await EngineFixture.StartAppAsync([
            new("Fencepost:Store:Kind", "embedded"),
            new("Fencepost:Frontend:MaxBufferedRequestBytes", (13 * 1024 * 1024).ToString(CultureInfo.InvariantCulture)),
        ]);
        _http = new HttpClient(new SocketsHttpHandler { EnableMultipleHttp2Connections = true })
        {
            BaseAddress = new Uri($"http://{_app.Services.GetRequiredService<IFrontendEndpoint>().Target}"),
        };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await EngineFixture.StopEngineAsync(_app);
    }

    [Fact]
    public async Task SecondLargeRequest_WhileTheFirstIsStillArriving_ResourceExhaustedAndTheBudgetComesBack()
    {
        var budget = _app.Services.GetRequiredService<RequestByteBudget>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = _http.SendAsync(Start(new HeldBody(MessageBytes, release.Task)), HttpCompletionOption.ResponseHeadersRead);
        await WaitForAsync(() => budget.InUse == MessageBytes, "the first request taking its 8 MiB");

        using var second = await _http.SendAsync(Start(new HeldBody(MessageBytes, Task.Delay(Timeout.Infinite))), HttpCompletionOption.ResponseHeadersRead)
            .WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("8", GrpcStatus(second));
        Assert.Contains("Retry shortly", Uri.UnescapeDataString(second.Headers.GetValues("grpc-message").Single()), StringComparison.Ordinal);

        release.SetResult();
        using var firstAnswer = await first.WaitAsync(TimeSpan.FromSeconds(30));
        await firstAnswer.Content.ReadAsByteArrayAsync();
        // A message of zeros is no StartWorkflowExecutionRequest: gRPC read it and the server refused its content, not its size.
        Assert.NotEqual("8", GrpcStatus(firstAnswer));
        await WaitForAsync(() => budget.InUse == 0, "the first request giving its bytes back");
    }

    private static HttpRequestMessage Start(HttpContent body)
    {
        // A message built by hand is HTTP/1.1 unless told otherwise; the frontend speaks HTTP/2 only.
        var request = new HttpRequestMessage(HttpMethod.Post, StartPath) { Content = body, Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Headers.TE.ParseAdd("trailers");
        return request;
    }

    private static string? GrpcStatus(HttpResponseMessage response) =>
        response.Headers.TryGetValues("grpc-status", out var inHeaders) ? inHeaders.Single()
        : response.TrailingHeaders.TryGetValues("grpc-status", out var inTrailers) ? inTrailers.Single() : null;

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            Assert.False(timeout.IsCancellationRequested, $"Timed out waiting for {what}.");
            await Task.Delay(20, CancellationToken.None);
        }
    }

    /// <summary>A gRPC frame announcing a message of the given size: its header and 1 KiB go at once, the rest once the held task completes.</summary>
    private sealed class HeldBody : HttpContent
    {
        private readonly int _messageBytes;
        private readonly Task _held;

        public HeldBody(int messageBytes, Task held)
        {
            _messageBytes = messageBytes;
            _held = held;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var header = new byte[5];
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), (uint)_messageBytes);
            await stream.WriteAsync(header);
            var chunk = new byte[1024];
            await stream.WriteAsync(chunk);
            await stream.FlushAsync();
            await _held;
            for (var sent = chunk.Length; sent < _messageBytes; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk.AsMemory(0, Math.Min(chunk.Length, _messageBytes - sent)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
