using Fencepost.Engine.Sdk.Tests.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Exceptions;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>Workflow-level retry policies: the server starts the next attempt as a new run of the same workflow id.</summary>
public class WorkflowRetryTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>
{
    private static RetryPolicy FastRetry(int maximumAttempts, params string[] nonRetryable) => new()
    {
        InitialInterval = TimeSpan.FromMilliseconds(50),
        BackoffCoefficient = 2,
        MaximumAttempts = maximumAttempts,
        NonRetryableErrorTypes = nonRetryable,
    };

    private async Task<HistoryEvent> CloseEventAsync(string workflowId, string runId) =>
        (await Client.GetWorkflowHandle(workflowId, runId).FetchHistoryAsync()).Events.Last();

    [Fact]
    public async Task StartWorkflow_RetryPolicyAndTwoFailures_ClientFollowsRetriesToResult()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        var (handle, result) = await RunWithWorkerAsync(queue, async () =>
        {
            var started = await Client.StartWorkflowAsync((AttemptsWorkflow wf) => wf.RunAsync(2, "Flaky"),
                new WorkflowOptions(id, queue) { RetryPolicy = FastRetry(5) });
            return (started, await started.GetResultAsync());
        }, o => o.AddWorkflow<AttemptsWorkflow>());

        Assert.Equal("succeeded on attempt 3", result);
        var firstClose = await CloseEventAsync(id, handle.ResultRunId!);
        Assert.Equal(EventType.WorkflowExecutionFailed, firstClose.EventType);
        Assert.Equal(RetryState.InProgress, firstClose.WorkflowExecutionFailedEventAttributes.RetryState);
        var secondRun = firstClose.WorkflowExecutionFailedEventAttributes.NewExecutionRunId;
        Assert.NotEmpty(secondRun);

        var final = await Client.GetWorkflowHandle(id).FetchHistoryAsync();
        var started = final.Events.First().WorkflowExecutionStartedEventAttributes;
        Assert.Equal(3, started.Attempt);
        Assert.Equal(ContinueAsNewInitiator.Retry, started.Initiator);
        Assert.Equal(handle.ResultRunId, started.FirstExecutionRunId);
        Assert.NotEqual(secondRun, started.OriginalExecutionRunId);
        // Attempt 3 waits initial x coefficient^(2-1) = 100 ms.
        Assert.Equal(TimeSpan.FromMilliseconds(100), started.FirstWorkflowTaskBackoff.ToTimeSpan());
        Assert.Equal("attempt 2 fails", started.ContinuedFailure.Message);
        Assert.Equal(EventType.WorkflowExecutionCompleted, final.Events.Last().EventType);
    }

    [Fact]
    public async Task StartWorkflow_NonRetryableErrorType_FailsAtOnce()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        var handle = await RunWithWorkerAsync(queue, async () =>
        {
            var started = await Client.StartWorkflowAsync((AttemptsWorkflow wf) => wf.RunAsync(5, "Fatal"),
                new WorkflowOptions(id, queue) { RetryPolicy = FastRetry(5, "Fatal") });
            var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => started.GetResultAsync());
            Assert.Equal("Fatal", Assert.IsType<ApplicationFailureException>(error.InnerException).ErrorType);
            return started;
        }, o => o.AddWorkflow<AttemptsWorkflow>());

        var close = await CloseEventAsync(id, handle.ResultRunId!);
        Assert.Equal(RetryState.NonRetryableFailure, close.WorkflowExecutionFailedEventAttributes.RetryState);
        Assert.Empty(close.WorkflowExecutionFailedEventAttributes.NewExecutionRunId);
        Assert.Equal(handle.ResultRunId, (await Client.GetWorkflowHandle(id).DescribeAsync()).RunId);
    }

    [Fact]
    public async Task StartWorkflow_MaximumAttemptsReached_FailsAfterLastAttempt()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        await RunWithWorkerAsync(queue, async () =>
        {
            var started = await Client.StartWorkflowAsync((AttemptsWorkflow wf) => wf.RunAsync(5, "Flaky"),
                new WorkflowOptions(id, queue) { RetryPolicy = FastRetry(2) });
            var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => started.GetResultAsync());
            Assert.Equal("attempt 2 fails", error.InnerException?.Message);
            return true;
        }, o => o.AddWorkflow<AttemptsWorkflow>());

        var final = await Client.GetWorkflowHandle(id).FetchHistoryAsync();
        Assert.Equal(2, final.Events.First().WorkflowExecutionStartedEventAttributes.Attempt);
        Assert.Equal(RetryState.MaximumAttemptsReached, final.Events.Last().WorkflowExecutionFailedEventAttributes.RetryState);
    }

    [Fact]
    public async Task StartWorkflow_RunTimeoutWithRetryPolicy_RetriedThenTimesOut()
    {
        var id = NewId("wf");
        var handle = await Client.StartWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(),
            new WorkflowOptions(id, NewId("tq")) { RunTimeout = TimeSpan.FromMilliseconds(500), RetryPolicy = FastRetry(2) });
        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync().WaitAsync(Timeout));
        Assert.IsType<TimeoutFailureException>(error.InnerException);

        var firstClose = await CloseEventAsync(id, handle.ResultRunId!);
        Assert.Equal(RetryState.InProgress, firstClose.WorkflowExecutionTimedOutEventAttributes.RetryState);
        var final = await Client.GetWorkflowHandle(id).FetchHistoryAsync();
        Assert.Equal(2, final.Events.First().WorkflowExecutionStartedEventAttributes.Attempt);
        Assert.Equal(RetryState.MaximumAttemptsReached, final.Events.Last().WorkflowExecutionTimedOutEventAttributes.RetryState);
    }

    [Fact]
    public async Task StartWorkflow_ExecutionTimeoutWithRetryPolicy_NotRetried()
    {
        var id = NewId("wf");
        var handle = await Client.StartWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(),
            new WorkflowOptions(id, NewId("tq")) { ExecutionTimeout = TimeSpan.FromMilliseconds(500), RetryPolicy = FastRetry(5) });
        var error = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync().WaitAsync(Timeout));
        Assert.IsType<TimeoutFailureException>(error.InnerException);

        var close = await CloseEventAsync(id, handle.ResultRunId!);
        Assert.Equal(RetryState.Timeout, close.WorkflowExecutionTimedOutEventAttributes.RetryState);
        Assert.Empty(close.WorkflowExecutionTimedOutEventAttributes.NewExecutionRunId);
    }

    [Fact]
    public async Task ChildWorkflow_RetryPolicyAndTwoFailures_ParentGetsFinalAttemptsResult()
    {
        var queue = NewId("tq");
        var childId = NewId("child");
        var result = await RunWithWorkerAsync(queue,
            () => Client.ExecuteWorkflowAsync((RetryingChildParentWorkflow wf) => wf.RunAsync(childId), new WorkflowOptions(NewId("wf"), queue)),
            o => o.AddWorkflow<RetryingChildParentWorkflow>().AddWorkflow<AttemptsWorkflow>());

        Assert.Equal("succeeded on attempt 3", result);
        var childStarted = (await Client.GetWorkflowHandle(childId).FetchHistoryAsync()).Events.First().WorkflowExecutionStartedEventAttributes;
        Assert.Equal(3, childStarted.Attempt);
        Assert.NotNull(childStarted.ParentWorkflowExecution);
    }

    [Fact]
    public async Task ChildWorkflow_Grandchild_RootIsTopLevelWorkflow()
    {
        var queue = NewId("tq");
        var id = NewId("wf");
        var handle = await RunWithWorkerAsync(queue, async () =>
        {
            var started = await Client.StartWorkflowAsync((TreeWorkflow wf) => wf.RunAsync(2), new WorkflowOptions(id, queue));
            Assert.Equal(2, await started.GetResultAsync());
            return started;
        }, o => o.AddWorkflow<TreeWorkflow>());

        var grandchild = Client.GetWorkflowHandle($"{id}-c-c");
        var description = (await Client.WorkflowService.DescribeWorkflowExecutionAsync(new DescribeWorkflowExecutionRequest
        {
            Namespace = "default",
            Execution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = grandchild.Id },
        })).WorkflowExecutionInfo;
        Assert.Equal(id, description.RootExecution.WorkflowId);
        Assert.Equal(handle.ResultRunId, description.RootExecution.RunId);
        Assert.Equal($"{id}-c", description.ParentExecution.WorkflowId);
        var started = (await grandchild.FetchHistoryAsync()).Events.First().WorkflowExecutionStartedEventAttributes;
        Assert.Equal(id, started.RootWorkflowExecution.WorkflowId);
        Assert.Equal(handle.ResultRunId, started.RootWorkflowExecution.RunId);
    }
}
