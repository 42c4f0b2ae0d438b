using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>
/// One test per response message the engine builds: every field Temporal's server fills and an
/// SDK may read is present, with Temporal's defaults. An SDK that reads a field the .NET SDK
/// ignores (the TypeScript worker rejects a null schedule-to-close timeout) fails here first.
/// </summary>
public sealed class ResponseFieldTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>, IDisposable
{
    private const string Worker = "field-worker";

    private readonly RawWorkflowService _service = new(engine.Services);

    [Fact]
    public async Task PollActivityTaskQueue_OnlyStartToCloseSet_FillsEveryTimeoutAndTheRetryPolicy()
    {
        var queue = NewId("tq");
        var start = await StartAsync(queue);
        var header = new Header { Fields = { ["trace"] = Payload("t-1") } };
        await CompleteWorkflowTaskAsync(await PollWorkflowTaskAsync(queue), new Command
        {
            CommandType = CommandType.ScheduleActivityTask,
            ScheduleActivityTaskCommandAttributes = new ScheduleActivityTaskCommandAttributes
            {
                ActivityId = "a-1",
                ActivityType = new ActivityType { Name = "Greet" },
                TaskQueue = new TaskQueue { Name = queue },
                Header = header,
                Input = new Payloads { Payloads_ = { Payload("in") } },
                StartToCloseTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(30)),
            },
        });

        var task = await PollActivityTaskAsync(queue);

        Assert.False(task.TaskToken.IsEmpty);
        Assert.Equal("default", task.WorkflowNamespace);
        Assert.Equal("RawWorkflow", task.WorkflowType.Name);
        Assert.Equal(start.WorkflowId, task.WorkflowExecution.WorkflowId);
        Assert.Equal(start.RunId, task.WorkflowExecution.RunId);
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
        await _service.TerminateAsync(start.WorkflowId);
    }

    [Fact]
    public async Task PollActivityTaskQueue_OnlyScheduleToCloseSet_StartToCloseAndHeartbeatFollowIt()
    {
        var queue = NewId("tq");
        var start = await StartAsync(queue);
        await CompleteWorkflowTaskAsync(await PollWorkflowTaskAsync(queue), new Command
        {
            CommandType = CommandType.ScheduleActivityTask,
            ScheduleActivityTaskCommandAttributes = new ScheduleActivityTaskCommandAttributes
            {
                ActivityId = "a-1",
                ActivityType = new ActivityType { Name = "Greet" },
                TaskQueue = new TaskQueue { Name = queue },
                ScheduleToCloseTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(40)),
            },
        });

        var task = await PollActivityTaskAsync(queue);

        Assert.Equal(Duration.FromTimeSpan(TimeSpan.FromSeconds(40)), task.ScheduleToCloseTimeout);
        Assert.Equal(Duration.FromTimeSpan(TimeSpan.FromSeconds(40)), task.StartToCloseTimeout);
        Assert.Equal(new Duration(), task.HeartbeatTimeout);
        Assert.NotNull(task.RetryPolicy);
        await _service.TerminateAsync(start.WorkflowId);
    }

    public void Dispose() => _service.Dispose();

    private static Payload Payload(string text) => new()
    {
        Metadata = { ["encoding"] = Google.Protobuf.ByteString.CopyFromUtf8("json/plain") },
        Data = Google.Protobuf.ByteString.CopyFromUtf8($"\"{text}\""),
    };

    private async Task<WorkflowExecution> StartAsync(string queue)
    {
        var request = new StartWorkflowExecutionRequest
        {
            Namespace = "default",
            WorkflowId = NewId("wf"),
            WorkflowType = new WorkflowType { Name = "RawWorkflow" },
            TaskQueue = new TaskQueue { Name = queue },
            RequestId = Guid.NewGuid().ToString(),
            Identity = Worker,
        };
        var response = await _service.StartAsync(request);
        return new WorkflowExecution { WorkflowId = request.WorkflowId, RunId = response.RunId };
    }

    private async Task<PollWorkflowTaskQueueResponse> PollWorkflowTaskAsync(string queue)
    {
        var task = await _service.CallAsync("PollWorkflowTaskQueue", new PollWorkflowTaskQueueRequest
        {
            Namespace = "default",
            TaskQueue = new TaskQueue { Name = queue },
            Identity = Worker,
        }, PollWorkflowTaskQueueResponse.Parser);
        Assert.False(task.TaskToken.IsEmpty, $"A workflow task on {queue} should reach the poller before the long poll ends.");
        return task;
    }

    private async Task<PollActivityTaskQueueResponse> PollActivityTaskAsync(string queue)
    {
        var task = await _service.CallAsync("PollActivityTaskQueue", new PollActivityTaskQueueRequest
        {
            Namespace = "default",
            TaskQueue = new TaskQueue { Name = queue },
            Identity = Worker,
        }, PollActivityTaskQueueResponse.Parser);
        Assert.False(task.TaskToken.IsEmpty, $"An activity task on {queue} should reach the poller before the long poll ends.");
        return task;
    }

    private Task<RespondWorkflowTaskCompletedResponse> CompleteWorkflowTaskAsync(PollWorkflowTaskQueueResponse task, params Command[] commands) =>
        _service.CallAsync("RespondWorkflowTaskCompleted", new RespondWorkflowTaskCompletedRequest
        {
            Namespace = "default",
            TaskToken = task.TaskToken,
            Identity = Worker,
            Commands = { commands },
        }, RespondWorkflowTaskCompletedResponse.Parser);
}
