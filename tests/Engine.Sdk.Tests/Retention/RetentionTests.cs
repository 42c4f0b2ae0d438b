using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Namespaces;
using Fencepost.Engine.Sdk.Tests.Workflows;
using Fencepost.TestUtilities.Time;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Namespace.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace Fencepost.Engine.Sdk.Tests.Retention;

/// <summary>
/// A namespace's retention on the engine's clock (fake time; the SDK client and worker are real),
/// on one shard so one timer loop orders every deletion. The base class runs on the embedded
/// store; <see cref="PostgresRetentionTests"/> on PostgreSQL.
/// </summary>
public class RetentionTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(17);
    private static readonly TimeSpan ArmWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private WebApplication? _app;
    private TimerWatchingTimeProvider _time = null!;
    private TemporalClient _client = null!;

    protected virtual Task<IReadOnlyList<KeyValuePair<string, string?>>> StoreSettingsAsync() =>
        Task.FromResult<IReadOnlyList<KeyValuePair<string, string?>>>([new("Fencepost:Store:Kind", "embedded")]);

    public async Task InitializeAsync()
    {
        _time = new TimerWatchingTimeProvider(Start);
        var settings = (await StoreSettingsAsync()).Append(new("Fencepost:History:ShardCount", "1"));
        (_app, _client) = await EngineFixture.StartEngineAsync(settings, services => services.AddSingleton<TimeProvider>(_time));
        // Minutes, not days: allowed only because the minimum is lowered, as for development.
        ((InMemoryDynamicConfig)_app.Services.GetRequiredService<IDynamicConfig>()).Set(NamespaceRetention.MinRetention, TimeSpan.FromMinutes(1));
        await _client.WorkflowService.UpdateNamespaceAsync(new UpdateNamespaceRequest
        {
            Namespace = "default",
            Config = new NamespaceConfig { WorkflowExecutionRetentionTtl = Duration.FromTimeSpan(Retention) },
        });
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await EngineFixture.StopEngineAsync(_app);
        }
    }

    [Fact]
    public async Task Retention_TwoRunsClosedFiveMinutesApart_EachDeletedWhenItsRetentionPassesAndNotBefore()
    {
        var first = await StartAsync();
        var second = await StartAsync();
        var running = await StartAsync();
        await first.TerminateAsync("done");
        await _time.WaitUntilArmedAsync(Retention, ArmWait);
        _time.Advance(TimeSpan.FromMinutes(5));
        await second.TerminateAsync("done");

        // The first run's retention passes: it goes, and the timer loop then waits the five
        // minutes left of the second run's retention, which is still all there.
        _time.Advance(Retention - TimeSpan.FromMinutes(5));
        await WaitUntilGoneAsync(first);
        await _time.WaitUntilArmedAsync(TimeSpan.FromMinutes(5), ArmWait);
        Assert.Equal(WorkflowExecutionStatus.Terminated, (await second.DescribeAsync()).Status);
        Assert.NotEmpty(await ReadHistoryAsync(second));

        _time.Advance(TimeSpan.FromMinutes(5));
        await WaitUntilGoneAsync(second);

        await AssertDeletedAsync(first);
        await AssertDeletedAsync(second);
        Assert.Equal(WorkflowExecutionStatus.Running, (await running.DescribeAsync()).Status);
        Assert.NotEmpty(await ReadHistoryAsync(running));
        Assert.Equal(1, (await _client.CountWorkflowsAsync($"WorkflowId = '{running.Id}'")).Count);
    }

    [Fact]
    public async Task Retention_RunContinuedAsNew_OldRunDeletedAndTheNewCurrentRunKept()
    {
        var queue = $"tq-{Guid.NewGuid():N}";
        var id = $"wf-{Guid.NewGuid():N}";
        using var worker = new TemporalWorker(_client, new TemporalWorkerOptions(queue).AddWorkflow<ContinueOnceWorkflow>());
        await worker.ExecuteAsync(async () =>
        {
            var handle = await _client.StartWorkflowAsync((ContinueOnceWorkflow wf) => wf.RunAsync(false), new WorkflowOptions(id, queue));
            var firstRun = _client.GetWorkflowHandle(id, runId: handle.ResultRunId);
            var newRun = await WaitForSecondRunWaitingAsync(id, handle.ResultRunId!);

            // The workflow task timeouts (10 s) fire first and change nothing; then the loop waits
            // for the first run's retention, 17 min after it closed.
            _time.Advance(TimeSpan.FromSeconds(10));
            await _time.WaitUntilArmedAsync(Retention - TimeSpan.FromSeconds(10), ArmWait);
            _time.Advance(Retention - TimeSpan.FromSeconds(10));
            await WaitUntilGoneAsync(firstRun);

            await AssertDeletedAsync(firstRun);
            var current = await _client.GetWorkflowHandle(id).DescribeAsync();
            Assert.Equal((newRun, WorkflowExecutionStatus.Running), (current.RunId, current.Status));
            var latest = _client.GetWorkflowHandle<ContinueOnceWorkflow>(id);
            await latest.SignalAsync(wf => wf.FinishAsync());
            Assert.Equal("finished", await latest.GetResultAsync<string>().WaitAsync(Bound));
        });
    }

    private async Task<WorkflowHandle> StartAsync()
    {
        var handle = await _client.StartWorkflowAsync("WaitForeverWorkflow", [], new WorkflowOptions($"wf-{Guid.NewGuid():N}", $"tq-{Guid.NewGuid():N}"));
        return _client.GetWorkflowHandle(handle.Id, runId: handle.ResultRunId);
    }

    /// <summary>Describe, history and visibility no longer know the run.</summary>
    private async Task AssertDeletedAsync(WorkflowHandle run)
    {
        var describe = await Assert.ThrowsAsync<RpcException>(() => run.DescribeAsync());
        Assert.Equal(RpcException.StatusCode.NotFound, describe.Code);
        var history = await Assert.ThrowsAsync<RpcException>(() => ReadHistoryAsync(run));
        Assert.Equal(RpcException.StatusCode.NotFound, history.Code);
        Assert.Equal(0, (await _client.CountWorkflowsAsync($"RunId = '{run.RunId}'")).Count);
    }

    private async Task<List<Temporalio.Api.History.V1.HistoryEvent>> ReadHistoryAsync(WorkflowHandle run)
    {
        var events = new List<Temporalio.Api.History.V1.HistoryEvent>();
        await foreach (var historyEvent in run.FetchHistoryEventsAsync())
        {
            events.Add(historyEvent);
        }
        return events;
    }

    private static async Task WaitUntilGoneAsync(WorkflowHandle run)
    {
        using var timeout = new CancellationTokenSource(Bound);
        while (true)
        {
            try
            {
                await run.DescribeAsync();
            }
            catch (RpcException ex) when (ex.Code == RpcException.StatusCode.NotFound)
            {
                return;
            }
            try
            {
                await Task.Delay(20, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Run {run.RunId} of {run.Id} was not deleted within {Bound} of its retention passing.");
            }
        }
    }

    /// <summary>The continued run's id, once its first workflow task has completed (it then waits for the signal).</summary>
    private async Task<string> WaitForSecondRunWaitingAsync(string id, string firstRunId)
    {
        using var timeout = new CancellationTokenSource(Bound);
        while (true)
        {
            var described = await _client.WorkflowService.DescribeWorkflowExecutionAsync(new DescribeWorkflowExecutionRequest
            {
                Namespace = "default",
                Execution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = id },
            });
            var runId = described.WorkflowExecutionInfo.Execution.RunId;
            if (runId != firstRunId && described.PendingWorkflowTask is null)
            {
                return runId;
            }
            try
            {
                await Task.Delay(20, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The continued run of {id} did not complete its first workflow task within {Bound}.");
            }
        }
    }
}
