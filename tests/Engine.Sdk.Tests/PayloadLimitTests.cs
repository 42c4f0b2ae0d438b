using Fencepost.Engine.Sdk.Tests.Workflows;
using Google.Protobuf;
using Grpc.Core;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>
/// One payload limit, 1,000,000 bytes per blob, checked as early as possible and answered in a
/// caller's words, the same on every store: a request is refused, an activity result over it fails
/// the activity, a completion over it (or over the store's limits) fails the workflow task and
/// terminates the workflow instead of leaving it running forever.
/// </summary>
public class PayloadLimitTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>
{
    private StartWorkflowExecutionRequest NewStart(int inputBytes) => new()
    {
        Namespace = "default",
        WorkflowId = NewId("wf"),
        WorkflowType = new Temporalio.Api.Common.V1.WorkflowType { Name = "PayloadWorkflow" },
        TaskQueue = new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = NewId("tq") },
        RequestId = Guid.NewGuid().ToString(),
        Identity = "raw-test",
        Input = new Temporalio.Api.Common.V1.Payloads { Payloads_ = { new Temporalio.Api.Common.V1.Payload { Data = ByteString.CopyFrom(new byte[inputBytes]) } } },
    };

    [Theory]
    [InlineData(1_500_000)]
    [InlineData(11_000_000)]
    public async Task StartWorkflow_InputOverTheLimit_InvalidArgumentStatingTheLimit(int inputBytes)
    {
        using var raw = new RawWorkflowService(Engine.Services);

        var error = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => raw.StartAsync(NewStart(inputBytes)));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("Workflow input is ", error.Status.Detail, StringComparison.Ordinal);
        Assert.EndsWith("a payload may be at most 1,000,000 bytes (1 MB).", error.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(13 * 1024 * 1024)]
    [InlineData(60_000_000)]
    public async Task StartWorkflow_RequestLargerThanAnyValidRequest_ResourceExhaustedAndTheNextRequestOnTheConnectionWorks(int inputBytes)
    {
        // 60 MB used to meet Kestrel's 30 MB body limit first (UNKNOWN "Exception was thrown by handler"),
        // and up to 128 MiB was read whole before any check.
        using var raw = new RawWorkflowService(Engine.Services);

        var error = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => raw.StartAsync(NewStart(inputBytes)));
        var next = NewStart(1_000);
        await raw.StartAsync(next);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(WorkflowExecutionStatus.Running, (await Client.GetWorkflowHandle(next.WorkflowId).DescribeAsync()).Status);
        await Client.GetWorkflowHandle(next.WorkflowId).TerminateAsync("cleanup");
    }

    [Fact]
    public async Task StartWorkflow_InputJustUnderTheLimit_Accepted()
    {
        using var raw = new RawWorkflowService(Engine.Services);
        var request = NewStart(999_000);

        await raw.StartAsync(request);

        await Client.GetWorkflowHandle(request.WorkflowId).TerminateAsync("cleanup");
    }

    [Fact]
    public async Task Workflow_CompletesWithResultOverTheLimit_TaskFailedAndWorkflowTerminated()
    {
        var queue = NewId("tq");
        var id = NewId("wf");

        var error = await RunWithWorkerAsync(queue, () => Assert.ThrowsAsync<WorkflowFailedException>(() =>
            Client.ExecuteWorkflowAsync((PayloadWorkflow wf) => wf.RunAsync("result", 1_500_000), new WorkflowOptions(id, queue))),
            o => o.AddWorkflow<PayloadWorkflow>());

        Assert.IsType<TerminatedFailureException>(error.InnerException);
        var history = await HistoryAsync(id);
        var failed = history.Single(e => e.EventType == EventType.WorkflowTaskFailed).WorkflowTaskFailedEventAttributes;
        Assert.Equal(WorkflowTaskFailedCause.BadCompleteWorkflowExecutionAttributes, failed.Cause);
        Assert.Contains("a payload may be at most 1,000,000 bytes", failed.Failure.Message, StringComparison.Ordinal);
        var terminated = history[^1].WorkflowExecutionTerminatedEventAttributes;
        Assert.StartsWith("WORKFLOW_TASK_FAILED_CAUSE_BAD_COMPLETE_WORKFLOW_EXECUTION_ATTRIBUTES: CompleteWorkflowExecutionCommandAttributes.Result is ", terminated.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Activity_ReturnsResultOverTheLimit_ActivityFailsForGoodAndWorkflowSeesWhy()
    {
        var queue = NewId("tq");

        var result = await RunWithWorkerAsync(queue, () =>
            Client.ExecuteWorkflowAsync((PayloadWorkflow wf) => wf.RunAsync("activity-result", 1_500_000), new WorkflowOptions(NewId("wf"), queue)),
            o => o.AddWorkflow<PayloadWorkflow>().AddActivity(PayloadActivities.Make));

        Assert.StartsWith("activity failed: The activity result is ", result, StringComparison.Ordinal);
        Assert.EndsWith("a payload may be at most 1,000,000 bytes (1 MB).", result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workflow_PayloadsThatFitAloneButNotTogether_TerminatedSayingWhy()
    {
        // Two pending activities with 600 KB inputs each: the run's state would hold 1.2 MB in one value.
        var queue = NewId("tq");
        var id = NewId("wf");

        var error = await RunWithWorkerAsync(queue, () => Assert.ThrowsAsync<WorkflowFailedException>(() =>
            Client.ExecuteWorkflowAsync((PayloadWorkflow wf) => wf.RunAsync("two-inputs", 600_000), new WorkflowOptions(id, queue))),
            o => o.AddWorkflow<PayloadWorkflow>().AddActivity(PayloadActivities.Measure));

        Assert.IsType<TerminatedFailureException>(error.InnerException);
        var terminated = (await HistoryAsync(id))[^1].WorkflowExecutionTerminatedEventAttributes;
        Assert.Contains("the store holds at most 1,048,576 bytes in one value", terminated.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("executions", terminated.Reason, StringComparison.Ordinal);
    }

    private async Task<IReadOnlyList<HistoryEvent>> HistoryAsync(string workflowId)
    {
        using var raw = new RawWorkflowService(Engine.Services);
        return await raw.HistoryAsync(workflowId);
    }
}
