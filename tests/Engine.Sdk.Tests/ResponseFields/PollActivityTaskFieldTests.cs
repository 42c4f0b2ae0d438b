using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;

namespace Fencepost.Engine.Sdk.Tests.ResponseFields;

/// <summary>
/// PollActivityTaskQueueResponse: every field Temporal's server fills, with its defaults. The
/// TypeScript worker rejects a null schedule-to-close timeout, which the .NET SDK ignores.
/// </summary>
public sealed class PollActivityTaskFieldTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>, IDisposable
{
    private readonly RawWorker _worker = new(engine.Services);

    [Fact]
    public async Task PollActivityTaskQueue_OnlyStartToCloseSet_FillsEveryTimeoutAndTheRetryPolicy()
    {
        var queue = NewId("tq");
        var execution = await _worker.StartAsync(queue);
        var header = new Header { Fields = { ["trace"] = RawWorker.Json("t-1") } };
        await _worker.CompleteWorkflowTaskAsync(await _worker.PollWorkflowTaskAsync(queue), ScheduleGreet(queue, a =>
        {
            a.Header = header;
            a.Input = new Payloads { Payloads_ = { RawWorker.Json("in") } };
            a.StartToCloseTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(30));
        }));

        var task = await _worker.PollActivityTaskAsync(queue);

        Assert.False(task.TaskToken.IsEmpty);
        Assert.Equal("default", task.WorkflowNamespace);
        Assert.Equal("RawWorkflow", task.WorkflowType.Name);
        Assert.Equal(execution, task.WorkflowExecution);
        Assert.Equal("Greet", task.ActivityType.Name);
        Assert.Equal("a-1", task.ActivityId);
        Assert.Equal(header, task.Header);
        Assert.Single(task.Input.Payloads_);
        Assert.Equal(1, task.Attempt);
        Assert.NotNull(task.ScheduledTime);
        Assert.NotNull(task.CurrentAttemptScheduledTime);
        Assert.NotNull(task.StartedTime);
        // Unset timeouts are zero durations (no limit), never null: the TypeScript worker rejects null.
        Assert.Equal(new Duration(), task.ScheduleToCloseTimeout);
        Assert.Equal(Duration.FromTimeSpan(TimeSpan.FromSeconds(30)), task.StartToCloseTimeout);
        Assert.Equal(new Duration(), task.HeartbeatTimeout);
        Assert.Equal(Duration.FromTimeSpan(TimeSpan.FromSeconds(1)), task.RetryPolicy.InitialInterval);
        Assert.Equal(2.0, task.RetryPolicy.BackoffCoefficient);
        Assert.Equal(Duration.FromTimeSpan(TimeSpan.FromSeconds(100)), task.RetryPolicy.MaximumInterval);
        Assert.Equal(0, task.RetryPolicy.MaximumAttempts);
        await _worker.Service.TerminateAsync(execution.WorkflowId);
    }

    [Fact]
    public async Task PollActivityTaskQueue_OnlyScheduleToCloseSet_StartToCloseFollowsIt()
    {
        var queue = NewId("tq");
        var execution = await _worker.StartAsync(queue);
        await _worker.CompleteWorkflowTaskAsync(await _worker.PollWorkflowTaskAsync(queue),
            ScheduleGreet(queue, a => a.ScheduleToCloseTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(40))));

        var task = await _worker.PollActivityTaskAsync(queue);

        Assert.Equal(Duration.FromTimeSpan(TimeSpan.FromSeconds(40)), task.ScheduleToCloseTimeout);
        Assert.Equal(Duration.FromTimeSpan(TimeSpan.FromSeconds(40)), task.StartToCloseTimeout);
        Assert.Equal(new Duration(), task.HeartbeatTimeout);
        Assert.NotNull(task.RetryPolicy);
        await _worker.Service.TerminateAsync(execution.WorkflowId);
    }

    public void Dispose() => _worker.Dispose();

    internal static Command ScheduleGreet(string queue, Action<ScheduleActivityTaskCommandAttributes> configure)
    {
        var attributes = new ScheduleActivityTaskCommandAttributes
        {
            ActivityId = "a-1",
            ActivityType = new ActivityType { Name = "Greet" },
            TaskQueue = new TaskQueue { Name = queue },
        };
        configure(attributes);
        return new Command { CommandType = CommandType.ScheduleActivityTask, ScheduleActivityTaskCommandAttributes = attributes };
    }
}
