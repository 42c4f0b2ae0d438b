using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Fencepost.Diagnostics.Persistence;
using Fencepost.Engine.Sdk.Tests.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>
/// What keeps a workflow's path short: sticky pollers are put to work, and a run just started is
/// served from memory instead of being read back from the store.
/// </summary>
public class HotPathTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>, IDisposable
{
    private readonly ConcurrentDictionary<string, int> _transactions = new(StringComparer.Ordinal);
    private MeterListener? _listener;

    [Fact]
    public async Task PollWorkflowTaskQueue_StickyPollNamingItsNormalQueue_ReceivesTheNormalQueuesTask()
    {
        var queue = NewId("tq");
        var handle = await Client.StartWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(), new WorkflowOptions(NewId("wf"), queue));

        // The SDK core sends most of its workflow pollers to its sticky queue; they must not sit idle.
        var poll = await Client.WorkflowService.PollWorkflowTaskQueueAsync(new PollWorkflowTaskQueueRequest
        {
            Namespace = "default",
            TaskQueue = new TaskQueue { Name = NewId("sticky"), Kind = TaskQueueKind.Sticky, NormalName = queue },
            Identity = "sticky-poller",
        }).WaitAsync(Timeout);

        Assert.False(poll.TaskToken.IsEmpty, "A sticky poll that names its normal queue should get that queue's workflow task.");
        Assert.Equal(handle.Id, poll.WorkflowExecution.WorkflowId);
        Assert.Equal(1, poll.History.Events[0].EventId);
        await handle.TerminateAsync("cleanup");
    }

    [Fact]
    public async Task StartWorkflow_ThenDescribeAndReadHistory_ServedWithoutReadingTheStore()
    {
        var queue = NewId("tq");
        ListenToTransactions();
        var handle = await Client.StartWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(), new WorkflowOptions(NewId("wf"), queue));

        var described = await handle.DescribeAsync();
        var history = await handle.FetchHistoryAsync();

        Assert.Equal(handle.Id, described.Id);
        Assert.NotEmpty(history.Events);
        Assert.Equal(0, _transactions.GetValueOrDefault("GetExecution"));
        Assert.Equal(0, _transactions.GetValueOrDefault("ReadHistory"));
        await handle.TerminateAsync("cleanup");
    }

    [Fact]
    public async Task PollWorkflowTaskQueue_PollerWaitingWhenWorkflowsStart_GetsFirstTasksWithoutReadingTheStore()
    {
        const int Workflows = 40;
        var queue = NewId("tq");
        ListenToTransactions();

        // A poller already waiting is handed the first workflow task the moment the create commits,
        // racing the creator; the run must be in the cache before that, not just after. The tasks
        // are never completed: with the default 10 s task timeout, a slow machine still in this
        // loop would see a timed-out task's retry handed to a later poller instead of its new one.
        for (var i = 0; i < Workflows; i++)
        {
            var poll = Client.WorkflowService.PollWorkflowTaskQueueAsync(new PollWorkflowTaskQueueRequest
            {
                Namespace = "default",
                TaskQueue = new TaskQueue { Name = queue },
                Identity = "waiting-poller",
            });
            var handle = await Client.StartWorkflowAsync((WaitForeverWorkflow wf) => wf.RunAsync(),
                new WorkflowOptions(NewId("wf"), queue) { TaskTimeout = TimeSpan.FromMinutes(2) });
            var task = await poll.WaitAsync(Timeout);
            Assert.Equal(handle.Id, task.WorkflowExecution.WorkflowId);
        }

        Assert.Equal(0, _transactions.GetValueOrDefault("GetExecution"));
        Assert.Equal(0, _transactions.GetValueOrDefault("ReadHistory"));
    }

    public void Dispose() => _listener?.Dispose();

    private void ListenToTransactions() =>
        _listener = EngineMeterListener.Listen<double>(Engine.Services, DsqlTransactionMetrics.MeterName, "dsql_tx_latency", (_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "operation" && tag.Value is string operation)
                {
                    _transactions.AddOrUpdate(operation, 1, (_, n) => n + 1);
                }
            }
        });
}
