using Fencepost.Engine.Sdk.Tests.Workflows;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>
/// Requests the engine cannot serve get INVALID_ARGUMENT with a short message naming what is wrong,
/// never UNKNOWN or INTERNAL; absurd durations are capped at Temporal's 100 years and served. The
/// same on every store (see the PostgreSQL variant).
/// </summary>
public class RequestErrorTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>
{
    private static readonly TimeSpan HundredYears = TimeSpan.FromDays(100 * 365);

    private StartWorkflowExecutionRequest NewStart() => new()
    {
        Namespace = "default",
        WorkflowId = NewId("wf"),
        WorkflowType = new Temporalio.Api.Common.V1.WorkflowType { Name = "GreetingWorkflow" },
        TaskQueue = new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = NewId("tq") },
        RequestId = Guid.NewGuid().ToString(),
        Identity = "raw-test",
    };

    private async Task<RpcException> RefusedAsync(string method, byte[] body)
    {
        using var raw = new RawWorkflowService(Engine.Services);
        return await Assert.ThrowsAsync<RpcException>(() => raw.CallBytesAsync(method, body));
    }

    [Fact]
    public async Task StartWorkflow_TruncatedProtobuf_InvalidArgument()
    {
        var bytes = NewStart().ToByteArray();

        var error = await RefusedAsync("StartWorkflowExecution", bytes[..(bytes.Length - 3)]);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("not a valid StartWorkflowExecutionRequest", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeNamespace_MalformedProtobuf_InvalidArgument()
    {
        // Field 1 (namespace) claims 100 bytes; there are none.
        var error = await RefusedAsync("DescribeNamespace", [0x0A, 100]);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task StartWorkflow_InvalidUtf8InWorkflowId_InvalidArgument()
    {
        // namespace = "default", workflow_id = 0xC3 0x28 (a lead byte without its continuation).
        byte[] body = [0x0A, 7, .. "default"u8, 0x12, 2, 0xC3, 0x28];

        var error = await RefusedAsync("StartWorkflowExecution", body);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("UTF-8", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeNamespace_HundredThousandCharacterName_InvalidArgumentWithShortMessage()
    {
        using var raw = new RawWorkflowService(Engine.Services);

        var error = await Assert.ThrowsAsync<RpcException>(() => raw.CallAsync("DescribeNamespace",
            new DescribeNamespaceRequest { Namespace = new string('n', 100_000) }, DescribeNamespaceResponse.Parser));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("Namespace is longer than 1000 bytes.", error.Status.Detail);
    }

    [Fact]
    public async Task DescribeNamespace_LongUnknownName_NotFoundEchoingAtMost200Characters()
    {
        using var raw = new RawWorkflowService(Engine.Services);

        var error = await Assert.ThrowsAsync<RpcException>(() => raw.CallAsync("DescribeNamespace",
            new DescribeNamespaceRequest { Namespace = new string('n', 1_000) }, DescribeNamespaceResponse.Parser));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.True(error.Status.Detail.Length < 300, error.Status.Detail);
    }

    [Theory]
    [InlineData("wf\0nul")]
    [InlineData("wf\u0007bell")]
    public async Task StartWorkflow_ControlCharacterInWorkflowId_InvalidArgumentNamingTheField(string workflowId)
    {
        using var raw = new RawWorkflowService(Engine.Services);
        var request = NewStart();
        request.WorkflowId = workflowId;

        var error = await Assert.ThrowsAsync<RpcException>(() => raw.StartAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("WorkflowId contains a control character", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartWorkflow_WorkflowIdOver1000Utf8Bytes_InvalidArgumentWithoutStoreDetails()
    {
        // 600 characters, 1,200 bytes: within a character count of 1,000, over DSQL's 1 KiB key limit.
        using var raw = new RawWorkflowService(Engine.Services);
        var request = NewStart();
        request.WorkflowId = new string('\u00e9', 600);

        var error = await Assert.ThrowsAsync<RpcException>(() => raw.StartAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("WorkflowId is longer than 1000 bytes.", error.Status.Detail);
    }

    [Fact]
    public async Task StartWorkflow_ControlCharacterInTaskQueue_InvalidArgumentNamingTheField()
    {
        using var raw = new RawWorkflowService(Engine.Services);
        var request = NewStart();
        request.TaskQueue.Name = "queue\0";

        var error = await Assert.ThrowsAsync<RpcException>(() => raw.StartAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("TaskQueue.Name contains a control character", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartWorkflow_NineThousandYearTimeouts_AcceptedAndCappedAtHundredYears()
    {
        using var raw = new RawWorkflowService(Engine.Services);
        var request = NewStart();
        request.WorkflowExecutionTimeout = Duration.FromTimeSpan(TimeSpan.FromDays(9_000 * 365));
        request.WorkflowTaskTimeout = new Duration { Seconds = long.MaxValue };
        request.RetryPolicy = new Temporalio.Api.Common.V1.RetryPolicy { InitialInterval = Duration.FromTimeSpan(TimeSpan.FromDays(9_000 * 365)) };

        await raw.StartAsync(request);

        var description = await Client.WorkflowService.DescribeWorkflowExecutionAsync(new DescribeWorkflowExecutionRequest
        {
            Namespace = "default",
            Execution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = request.WorkflowId },
        });
        Assert.Equal(HundredYears, description.ExecutionConfig.WorkflowExecutionTimeout.ToTimeSpan());
        await Client.GetWorkflowHandle(request.WorkflowId).TerminateAsync("cleanup");
    }

    [Fact]
    public async Task StartWorkflow_DurationWithMixedSigns_InvalidArgumentNamingTheField()
    {
        using var raw = new RawWorkflowService(Engine.Services);
        var request = NewStart();
        request.WorkflowRunTimeout = new Duration { Seconds = 10, Nanos = -5 };

        var error = await Assert.ThrowsAsync<RpcException>(() => raw.StartAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("WorkflowRunTimeout is not a valid duration", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workflow_SleepsNineThousandYears_TimerStartedForHundredYears()
    {
        var queue = NewId("tq");
        var started = await RunWithWorkerAsync(queue, async () =>
        {
            var handle = await Client.StartWorkflowAsync((VeryLongSleepWorkflow wf) => wf.RunAsync(9_000), new WorkflowOptions(NewId("wf"), queue));
            await foreach (var historyEvent in handle.FetchHistoryEventsAsync(new WorkflowHistoryEventFetchOptions { WaitNewEvent = true }))
            {
                if (historyEvent.TimerStartedEventAttributes is { } timer)
                {
                    await handle.TerminateAsync("cleanup");
                    return timer;
                }
            }
            throw new InvalidOperationException("The history ended without a TimerStarted event.");
        }, o => o.AddWorkflow<VeryLongSleepWorkflow>());

        Assert.Equal(HundredYears, started.StartToFireTimeout.ToTimeSpan());
    }
}
