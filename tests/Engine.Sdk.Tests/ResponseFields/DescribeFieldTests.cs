using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;

namespace Fencepost.Engine.Sdk.Tests.ResponseFields;

/// <summary>DescribeWorkflowExecutionResponse of a running run (pending activity and workflow task) and of a closed one.</summary>
public sealed class DescribeFieldTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>, IDisposable
{
    private readonly RawWorker _worker = new(engine.Services);

    [Fact]
    public async Task DescribeWorkflowExecution_RunningThenClosed_FillsWhatTemporalFills()
    {
        var queue = NewId("tq");
        var execution = await _worker.StartAsync(queue);
        await _worker.CompleteWorkflowTaskAsync(await _worker.PollWorkflowTaskAsync(queue),
            PollActivityTaskFieldTests.ScheduleGreet(queue, a => a.ScheduleToCloseTimeout = Duration.FromTimeSpan(TimeSpan.FromMinutes(5))));
        await _worker.SignalAsync(execution, "wake");

        var running = await _worker.DescribeAsync(execution);

        Assert.Equal(new TaskQueue { Name = queue, Kind = TaskQueueKind.Normal }, running.ExecutionConfig.TaskQueue);
        Assert.Equal(Duration.FromTimeSpan(TimeSpan.FromSeconds(10)), running.ExecutionConfig.DefaultWorkflowTaskTimeout);
        var info = running.WorkflowExecutionInfo;
        Assert.Equal(execution, info.Execution);
        Assert.Equal("RawWorkflow", info.Type.Name);
        Assert.Equal(WorkflowExecutionStatus.Running, info.Status);
        Assert.NotNull(info.StartTime);
        Assert.NotNull(info.ExecutionTime);
        Assert.Null(info.CloseTime);
        Assert.Null(info.ExecutionDuration);
        Assert.Equal(queue, info.TaskQueue);
        Assert.Equal(execution.RunId, info.FirstRunId);
        Assert.Equal(execution, info.RootExecution);
        Assert.True(info.HistoryLength >= 6, $"history length {info.HistoryLength}");
        Assert.True(info.HistorySizeBytes > 0);
        // Present and empty, as Temporal sends them, when the run has none.
        Assert.NotNull(info.Memo);
        Assert.NotNull(info.SearchAttributes);

        var activity = Assert.Single(running.PendingActivities);
        Assert.Equal("a-1", activity.ActivityId);
        Assert.Equal("Greet", activity.ActivityType.Name);
        Assert.Equal(PendingActivityState.Scheduled, activity.State);
        Assert.Equal(1, activity.Attempt);
        Assert.NotNull(activity.ScheduledTime);
        Assert.Equal(activity.ScheduledTime.ToDateTimeOffset() + TimeSpan.FromMinutes(5), activity.ExpirationTime.ToDateTimeOffset());

        var task = running.PendingWorkflowTask;
        Assert.Equal(PendingWorkflowTaskState.Scheduled, task.State);
        Assert.NotNull(task.ScheduledTime);
        Assert.NotNull(task.OriginalScheduledTime);
        Assert.Equal(1, task.Attempt);

        await _worker.Service.TerminateAsync(execution.WorkflowId);
        var closed = (await _worker.DescribeAsync(execution)).WorkflowExecutionInfo;

        Assert.Equal(WorkflowExecutionStatus.Terminated, closed.Status);
        Assert.NotNull(closed.CloseTime);
        Assert.Equal(closed.CloseTime.ToDateTimeOffset() - closed.ExecutionTime.ToDateTimeOffset(), closed.ExecutionDuration.ToTimeSpan());
    }

    public void Dispose() => _worker.Dispose();
}
