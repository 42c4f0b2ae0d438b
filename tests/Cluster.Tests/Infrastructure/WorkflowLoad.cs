using Fencepost.Cluster.Tests.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;

namespace Fencepost.Cluster.Tests.Infrastructure;

/// <summary>
/// A steady stream of <see cref="EchoWorkflow"/> starts from one client (one workflow every
/// <c>interval</c>), with unique ids, so a test can break the cluster in the middle of it and then
/// check that every started workflow completed exactly once.
/// </summary>
public sealed class WorkflowLoad(TemporalClient client, string taskQueue)
{
    private readonly List<WorkflowHandle<EchoWorkflow, string>> _started = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _running;

    public int Started
    {
        get
        {
            lock (_lock)
            {
                return _started.Count;
            }
        }
    }

    public void Start(TimeSpan interval) => _running = Task.Run(async () =>
    {
        var prefix = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; !_stop.IsCancellationRequested; i++)
        {
            var handle = await client.StartWorkflowAsync((EchoWorkflow wf) => wf.RunAsync($"{prefix}-{i}"),
                new WorkflowOptions($"load-{prefix}-{i}", taskQueue));
            lock (_lock)
            {
                _started.Add(handle);
            }
            try
            {
                await Task.Delay(interval, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    });

    /// <summary>Waits until at least <paramref name="count"/> workflows were started.</summary>
    public async Task WaitForStartedAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Started < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Only {Started} of {count} workflows started within {timeout}.");
            Assert.False(_running?.IsFaulted ?? false, $"Starting workflows failed: {_running?.Exception}");
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>
    /// Stops starting, then waits for every started workflow's result and reads its history:
    /// each must hold exactly one WorkflowExecutionCompleted event with the expected result.
    /// </summary>
    public async Task<int> StopAndVerifyAllCompletedOnceAsync(TimeSpan timeout)
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            await _running.WaitAsync(timeout);
        }
        List<WorkflowHandle<EchoWorkflow, string>> started;
        lock (_lock)
        {
            started = [.. _started];
        }
        using var cancel = new CancellationTokenSource(timeout);
        await Task.WhenAll(started.Select(async handle =>
        {
            var result = await handle.GetResultAsync(rpcOptions: new RpcOptions { CancellationToken = cancel.Token });
            Assert.StartsWith("echo: ", result, StringComparison.Ordinal);
            var history = await handle.FetchHistoryAsync(new WorkflowHistoryEventFetchOptions { Rpc = new RpcOptions { CancellationToken = cancel.Token } });
            var completed = history.Events.Count(e => e.EventType == EventType.WorkflowExecutionCompleted);
            Assert.True(completed == 1, $"Workflow {handle.Id} has {completed} WorkflowExecutionCompleted events.");
        }));
        return started.Count;
    }
}
