using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Fencepost.Diagnostics.Persistence;
using Fencepost.Engine.Matching;
using Fencepost.Engine.Persistence.Embedded;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Occ;
using Microsoft.Extensions.DependencyInjection;

namespace Fencepost.Engine.Tests.Matching;

/// <summary>A partition's backlog writes: group-committed, still in id order, nothing lost.</summary>
public sealed class TaskQueuePartitionTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private int _createTransactions;

    public TaskQueuePartitionTests()
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == DsqlTransactionMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name == "dsql_tx_latency")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "operation" && tag.Value is "CreateMatchingTasks")
                {
                    Interlocked.Increment(ref _createTransactions);
                }
            }
        });
        _listener.Start();
        // A commit latency long enough that writes queue up behind one another.
        Store = new EmbeddedPersistenceStore(new DsqlTransactionMetrics(meters), NullConflictRecorder.Instance, TimeProvider.System,
            () => new OccRetryOptions(), new EmbeddedStoreOptions { CommitLatency = TimeSpan.FromMilliseconds(20) });
    }

    private EmbeddedPersistenceStore Store { get; }

    [Fact]
    public async Task PersistAsync_ManyConcurrentWrites_GroupCommittedInIdOrderAndAllStored()
    {
        var key = new TaskQueueKey(Guid.NewGuid(), $"queue-{Guid.NewGuid():N}", MatchingEngine.WorkflowTaskType, 0);
        using var partition = new TaskQueuePartition(key, Store, TimeProvider.System);
        await partition.EnsureLeasedAsync(CancellationToken.None);
        var before = Volatile.Read(ref _createTransactions);
        var delivered = new ConcurrentQueue<long>();
        const int writes = 30;

        var all = Enumerable.Range(0, writes).Select(i => partition.PersistAsync(
            new MatchingTaskData { WorkflowId = $"wf-{i}", RunId = Guid.NewGuid(), ScheduledEventId = 2, Attempt = 1 },
            delivered.Enqueue,
            CancellationToken.None)).ToArray();
        await Task.WhenAll(all).WaitAsync(TimeSpan.FromSeconds(30));

        var ids = delivered.ToArray();
        Assert.Equal(writes, ids.Distinct().Count());
        Assert.Equal(ids.Order(), ids);
        var stored = await Store.TaskQueues.GetTasksAsync(key, 0, long.MaxValue, 1_000);
        Assert.Equal(ids, stored.Select(t => t.TaskId));
        var transactions = Volatile.Read(ref _createTransactions) - before;
        Assert.True(transactions < writes / 2, $"{writes} queued backlog writes took {transactions} transactions; they should share commits.");
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }
}
