using Fencepost.Engine.Sdk.Tests.Workflows;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>List and count with a visibility query, and bad input answered with statuses the SDKs understand.</summary>
public class VisibilityAndErrorTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>
{
    [Fact]
    public async Task ListAndCount_ByTaskQueueAndStatus_SeeOnlyMatchingRuns()
    {
        var queue = NewId("tq");
        var running = await Client.StartWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(), new WorkflowOptions(NewId("wf"), queue));
        await RunWithWorkerAsync(queue, async () =>
        {
            await Client.ExecuteWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("a"), new WorkflowOptions(NewId("wf"), queue));
            await Client.ExecuteWorkflowAsync((GreetingWorkflow wf) => wf.RunAsync("b"), new WorkflowOptions(NewId("wf"), queue));
            return true;
        }, o => o.AddWorkflow<GreetingWorkflow>().AddWorkflow<WaitForeverWorkflow>());

        var completed = await Client.CountWorkflowsAsync($"TaskQueue = '{queue}' AND ExecutionStatus = 'Completed'");
        Assert.Equal(2, completed.Count);
        var listed = new List<string>();
        await foreach (var execution in Client.ListWorkflowsAsync($"TaskQueue = '{queue}'"))
        {
            listed.Add(execution.Id);
        }
        Assert.Equal(3, listed.Count);
        Assert.Contains(running.Id, listed);
        await running.TerminateAsync("cleanup");
    }

    [Fact]
    public async Task ListWorkflows_MalformedQuery_InvalidArgumentWithPosition()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.WorkflowService.ListWorkflowExecutionsAsync(
            new ListWorkflowExecutionsRequest { Namespace = "default", Query = "WorkflowId = " }));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
        Assert.Contains("position", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartWorkflow_UnknownNamespace_NotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.WorkflowService.StartWorkflowExecutionAsync(NewStart(ns: NewId("missing-ns"))));
        Assert.Equal(RpcException.StatusCode.NotFound, error.Code);
    }

    [Fact]
    public async Task StartWorkflow_MissingWorkflowId_InvalidArgument()
    {
        var request = NewStart();
        request.WorkflowId = "";
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.WorkflowService.StartWorkflowExecutionAsync(request));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
        Assert.Contains("WorkflowId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartWorkflow_NegativeTimeout_InvalidArgumentAndNothingWritten()
    {
        var request = NewStart();
        request.WorkflowRunTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(-5));
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.WorkflowService.StartWorkflowExecutionAsync(request));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
        var missing = await Assert.ThrowsAsync<RpcException>(() => Client.GetWorkflowHandle(request.WorkflowId).DescribeAsync());
        Assert.Equal(RpcException.StatusCode.NotFound, missing.Code);
    }

    [Fact]
    public async Task StartWorkflow_InvalidRetryPolicy_InvalidArgument()
    {
        var request = NewStart();
        request.RetryPolicy = new Temporalio.Api.Common.V1.RetryPolicy { BackoffCoefficient = 0.5 };
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.WorkflowService.StartWorkflowExecutionAsync(request));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
        Assert.Contains("BackoffCoefficient", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RespondActivityCompleted_GarbageToken_InvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.WorkflowService.RespondActivityTaskCompletedAsync(
            new RespondActivityTaskCompletedRequest { Namespace = "default", TaskToken = ByteString.CopyFromUtf8("not a token") }));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
    }

    [Fact]
    public async Task RespondWorkflowTaskCompleted_StaleToken_NotFound()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        await Client.WorkflowService.StartWorkflowExecutionAsync(NewStart(id: id, queue: queue));
        var poll = await Client.WorkflowService.PollWorkflowTaskQueueAsync(new PollWorkflowTaskQueueRequest
        {
            Namespace = "default",
            TaskQueue = new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = queue },
            Identity = "raw-test",
        });
        Assert.False(poll.TaskToken.IsEmpty);
        var complete = new RespondWorkflowTaskCompletedRequest { Namespace = "default", TaskToken = poll.TaskToken, Identity = "raw-test" };
        await Client.WorkflowService.RespondWorkflowTaskCompletedAsync(complete);
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.WorkflowService.RespondWorkflowTaskCompletedAsync(complete));
        Assert.Equal(RpcException.StatusCode.NotFound, error.Code);
        await Client.GetWorkflowHandle(id).TerminateAsync("cleanup");
    }

    [Fact]
    public async Task RespondActivityTaskCompleted_TokenBuiltByHand_InvalidArgumentAndNothingCompleted()
    {
        // The signed layout's version byte and a key id, but a payload and signature made up, as an
        // attacker who read a run's ids from describe or history would make them.
        var forged = new byte[96];
        System.Security.Cryptography.RandomNumberGenerator.Fill(forged);
        forged[0] = 2;
        forged[1] = forged[2] = forged[3] = 0;
        forged[4] = 1;

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.WorkflowService.RespondActivityTaskCompletedAsync(
            new RespondActivityTaskCompletedRequest { Namespace = "default", TaskToken = ByteString.CopyFrom(forged), Identity = "forger" }));

        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
    }

    [Fact]
    public async Task UnservedMethod_Unimplemented()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.WorkflowService.ListBatchOperationsAsync(new ListBatchOperationsRequest { Namespace = "default" }));
        Assert.Equal(RpcException.StatusCode.Unimplemented, error.Code);
    }

    private static StartWorkflowExecutionRequest NewStart(string ns = "default", string? id = null, string? queue = null) => new()
    {
        Namespace = ns,
        WorkflowId = id ?? NewId("wf"),
        WorkflowType = new Temporalio.Api.Common.V1.WorkflowType { Name = "GreetingWorkflow" },
        TaskQueue = new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = queue ?? NewId("tq") },
        RequestId = Guid.NewGuid().ToString(),
        Identity = "raw-test",
    };
}
