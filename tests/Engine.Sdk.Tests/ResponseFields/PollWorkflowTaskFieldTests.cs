using Temporalio.Api.Enums.V1;
using Temporalio.Api.Query.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Sdk.Tests.ResponseFields;

/// <summary>PollWorkflowTaskQueueResponse, for a workflow task and for a legacy query task.</summary>
public sealed class PollWorkflowTaskFieldTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>, IDisposable
{
    private readonly RawWorker _worker = new(engine.Services);

    [Fact]
    public async Task PollWorkflowTaskQueue_FirstAndSecondTask_FillEveryFieldAnSdkReads()
    {
        var queue = NewId("tq");
        var execution = await _worker.StartAsync(queue);

        var first = await _worker.PollWorkflowTaskAsync(queue);

        Assert.False(first.TaskToken.IsEmpty);
        Assert.Equal(execution, first.WorkflowExecution);
        Assert.Equal("RawWorkflow", first.WorkflowType.Name);
        // Forgetting it makes the core reject the task as DataLoss.
        Assert.Equal(new TaskQueue { Name = queue, Kind = TaskQueueKind.Normal }, first.WorkflowExecutionTaskQueue);
        Assert.Equal(0, first.PreviousStartedEventId);
        Assert.Equal(3, first.StartedEventId);
        Assert.Equal(1, first.Attempt);
        Assert.NotNull(first.ScheduledTime);
        Assert.NotNull(first.StartedTime);
        Assert.Null(first.Query);
        Assert.Equal([EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted],
            first.History.Events.Select(e => e.EventType));
        // The SDKs surface it as the workflow's history size.
        Assert.True(first.History.Events[2].WorkflowTaskStartedEventAttributes.HistorySizeBytes > 0);

        await _worker.CompleteWorkflowTaskAsync(first);
        await _worker.SignalAsync(execution, "go");
        var second = await _worker.PollWorkflowTaskAsync(queue);

        Assert.Equal(3, second.PreviousStartedEventId);
        Assert.Equal(second.History.Events[^1].EventId, second.StartedEventId);
        Assert.Equal(first.WorkflowExecutionTaskQueue, second.WorkflowExecutionTaskQueue);
        Assert.True(second.History.Events[^1].WorkflowTaskStartedEventAttributes.HistorySizeBytes
            > first.History.Events[2].WorkflowTaskStartedEventAttributes.HistorySizeBytes);
        await _worker.Service.TerminateAsync(execution.WorkflowId);
    }

    [Fact]
    public async Task PollWorkflowTaskQueue_QueryTask_CarriesTheQueryTheHistoryAndTheQueue()
    {
        var queue = NewId("tq");
        var execution = await _worker.StartAsync(queue);
        await _worker.CompleteWorkflowTaskAsync(await _worker.PollWorkflowTaskAsync(queue));
        var query = _worker.Service.CallAsync("QueryWorkflow", new QueryWorkflowRequest
        {
            Namespace = "default",
            Execution = execution,
            Query = new WorkflowQuery { QueryType = "state" },
        }, QueryWorkflowResponse.Parser);

        var task = await _worker.PollWorkflowTaskAsync(queue);

        Assert.Equal("state", task.Query.QueryType);
        Assert.Equal(execution, task.WorkflowExecution);
        Assert.Equal("RawWorkflow", task.WorkflowType.Name);
        Assert.Equal(new TaskQueue { Name = queue, Kind = TaskQueueKind.Normal }, task.WorkflowExecutionTaskQueue);
        Assert.Equal(0, task.StartedEventId);
        Assert.Equal(3, task.PreviousStartedEventId);
        Assert.Equal(4, task.History.Events.Count);
        Assert.NotNull(task.ScheduledTime);
        Assert.NotNull(task.StartedTime);
        await _worker.Service.CallAsync("RespondQueryTaskCompleted", new RespondQueryTaskCompletedRequest
        {
            Namespace = "default",
            TaskToken = task.TaskToken,
            CompletedType = QueryResultType.Answered,
            QueryResult = new Temporalio.Api.Common.V1.Payloads { Payloads_ = { RawWorker.Json("fine") } },
        }, RespondQueryTaskCompletedResponse.Parser);
        Assert.Equal(RawWorker.Json("fine"), (await query).QueryResult.Payloads_.Single());
        await _worker.Service.TerminateAsync(execution.WorkflowId);
    }

    public void Dispose() => _worker.Dispose();
}
