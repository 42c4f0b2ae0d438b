using Google.Protobuf;
using Temporalio.Api.Command.V1;
using Temporalio.Api.Common.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Sdk.Tests.ResponseFields;

/// <summary>
/// A worker made of raw WorkflowService calls, so a test sees every field of every response the
/// engine builds, exactly as an SDK receives it.
/// </summary>
public sealed class RawWorker(IServiceProvider engine) : IDisposable
{
    public const string Identity = "field-worker";

    public RawWorkflowService Service { get; } = new(engine);

    public static StartWorkflowExecutionRequest NewStart(string queue) => new()
    {
        Namespace = "default",
        WorkflowId = $"wf-{Guid.NewGuid():N}",
        WorkflowType = new WorkflowType { Name = "RawWorkflow" },
        TaskQueue = new TaskQueue { Name = queue },
        RequestId = Guid.NewGuid().ToString(),
        Identity = Identity,
    };

    public static Payload Json(string text) => new()
    {
        Metadata = { ["encoding"] = ByteString.CopyFromUtf8("json/plain") },
        Data = ByteString.CopyFromUtf8($"\"{text}\""),
    };

    public async Task<WorkflowExecution> StartAsync(StartWorkflowExecutionRequest request)
    {
        var response = await Service.StartAsync(request);
        return new WorkflowExecution { WorkflowId = request.WorkflowId, RunId = response.RunId };
    }

    public Task<WorkflowExecution> StartAsync(string queue) => StartAsync(NewStart(queue));

    public async Task<PollWorkflowTaskQueueResponse> PollWorkflowTaskAsync(string queue)
    {
        var task = await Service.CallAsync("PollWorkflowTaskQueue", new PollWorkflowTaskQueueRequest
        {
            Namespace = "default",
            TaskQueue = new TaskQueue { Name = queue },
            Identity = Identity,
        }, PollWorkflowTaskQueueResponse.Parser);
        Assert.False(task.TaskToken.IsEmpty, $"A workflow task on {queue} should reach the poller before the long poll ends.");
        return task;
    }

    public async Task<PollActivityTaskQueueResponse> PollActivityTaskAsync(string queue)
    {
        var task = await Service.CallAsync("PollActivityTaskQueue", new PollActivityTaskQueueRequest
        {
            Namespace = "default",
            TaskQueue = new TaskQueue { Name = queue },
            Identity = Identity,
        }, PollActivityTaskQueueResponse.Parser);
        Assert.False(task.TaskToken.IsEmpty, $"An activity task on {queue} should reach the poller before the long poll ends.");
        return task;
    }

    public Task<RespondWorkflowTaskCompletedResponse> CompleteWorkflowTaskAsync(PollWorkflowTaskQueueResponse task, params Command[] commands) =>
        Service.CallAsync("RespondWorkflowTaskCompleted", new RespondWorkflowTaskCompletedRequest
        {
            Namespace = "default",
            TaskToken = task.TaskToken,
            Identity = Identity,
            Commands = { commands },
        }, RespondWorkflowTaskCompletedResponse.Parser);

    public Task<SignalWorkflowExecutionResponse> SignalAsync(WorkflowExecution execution, string name) =>
        Service.CallAsync("SignalWorkflowExecution", new SignalWorkflowExecutionRequest
        {
            Namespace = "default",
            WorkflowExecution = execution,
            SignalName = name,
            Identity = Identity,
            RequestId = Guid.NewGuid().ToString(),
        }, SignalWorkflowExecutionResponse.Parser);

    public Task<DescribeWorkflowExecutionResponse> DescribeAsync(WorkflowExecution execution) =>
        Service.CallAsync("DescribeWorkflowExecution", new DescribeWorkflowExecutionRequest
        {
            Namespace = "default",
            Execution = execution,
        }, DescribeWorkflowExecutionResponse.Parser);

    public void Dispose() => Service.Dispose();
}
