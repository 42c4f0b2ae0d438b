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
    private readonly List<(WorkflowHandle<EchoWorkflow, string> Handle, DateTimeOffset StartedAt)> _started = [];
    private DateTimeOffset? _lostAt;
    private int _refused;
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
            var startedAt = DateTimeOffset.UtcNow;
            WorkflowHandle<EchoWorkflow, string> handle;
            try
            {
                handle = await client.StartWorkflowAsync((EchoWorkflow wf) => wf.RunAsync($"{prefix}-{i}"),
                    new WorkflowOptions($"load-{prefix}-{i}", taskQueue));
            }
            catch (Temporalio.Exceptions.RpcException)
            {
                // Counted, and failed below: no start the cluster accepted may be refused.
                Interlocked.Increment(ref _refused);
                throw;
            }
            lock (_lock)
            {
                _started.Add((handle, startedAt));
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

    /// <summary>Marks the moment a node was lost (killed, or frozen): recovery is measured from here, since the cluster heals by taking its shards over.</summary>
    public void MarkNodeLost() => _lostAt = DateTimeOffset.UtcNow;

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
    public async Task<int> StopAndVerifyAllCompletedOnceAsync(TimeSpan timeout) => (await StopAndMeasureAsync("load", timeout)).Started;

    /// <summary>
    /// As <see cref="StopAndVerifyAllCompletedOnceAsync"/>, and says what the load saw around the
    /// fault as a row of docs/faults.md; the assertions run after the row is made, so a failing run
    /// still names its counts.
    /// </summary>
    public async Task<ClusterFaultRow> StopAndMeasureAsync(string fault, TimeSpan timeout)
    {
        await _stop.CancelAsync();
        var startProblem = "";
        if (_running is not null)
        {
            try
            {
                await _running.WaitAsync(timeout);
            }
            catch (Temporalio.Exceptions.RpcException ex)
            {
                startProblem = ex.Message;
            }
        }
        List<(WorkflowHandle<EchoWorkflow, string> Handle, DateTimeOffset StartedAt)> started;
        lock (_lock)
        {
            started = [.. _started];
        }
        using var cancel = new CancellationTokenSource(timeout);
        var outcomes = await Task.WhenAll(started.Select(async s => await OutcomeOfAsync(s.Handle, cancel.Token)));
        var lostAt = _lostAt ?? DateTimeOffset.UtcNow;
        var waited = started.Zip(outcomes).Where(p => p.First.StartedAt < lostAt && p.Second.FinishedAt is { } finished && finished > lostAt)
            .Select(p => p.Second.FinishedAt!.Value - lostAt).DefaultIfEmpty(TimeSpan.Zero).Max();
        var row = new ClusterFaultRow(fault, started.Count, outcomes.Count(o => o.Problem is null), outcomes.Count(o => o.Problem is not null && o.FinishedAt is not null),
            outcomes.Count(o => o.FinishedAt is null), _refused, waited);
        Assert.True(startProblem.Length == 0, $"A start failed: {startProblem}\n{row.Row}");
        Assert.All(outcomes, o => Assert.True(o.Problem is null, $"{o.Problem}\n{row.Row}"));
        return row;
    }

    /// <summary>When the run finished and what was wrong with it (null when it completed once with the expected result; a null finish when it never finished).</summary>
    private static async Task<(DateTimeOffset? FinishedAt, string? Problem)> OutcomeOfAsync(WorkflowHandle<EchoWorkflow, string> handle, CancellationToken cancellationToken)
    {
        string result;
        try
        {
            result = await handle.GetResultAsync(rpcOptions: new RpcOptions { CancellationToken = cancellationToken });
        }
        catch (OperationCanceledException)
        {
            return (null, $"Workflow {handle.Id} did not finish in time.");
        }
        catch (Exception ex) when (ex is Temporalio.Exceptions.WorkflowFailedException or Temporalio.Exceptions.RpcException)
        {
            return (DateTimeOffset.UtcNow, $"Workflow {handle.Id} failed: {ex.Message}");
        }
        var finishedAt = DateTimeOffset.UtcNow;
        if (!result.StartsWith("echo: ", StringComparison.Ordinal))
        {
            return (finishedAt, $"Workflow {handle.Id} returned {result}.");
        }
        var history = await handle.FetchHistoryAsync(new WorkflowHistoryEventFetchOptions { Rpc = new RpcOptions { CancellationToken = cancellationToken } });
        var completed = history.Events.Count(e => e.EventType == EventType.WorkflowExecutionCompleted);
        return (finishedAt, completed == 1 ? null : $"Workflow {handle.Id} has {completed} WorkflowExecutionCompleted events.");
    }
}
