using System.Collections.Concurrent;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.Engine.Matching;

/// <summary>
/// One task queue of one type: waiting pollers, its partitions' backlogs, pending queries and the
/// pollers seen. A task is handed straight to a waiting poller when there is one (sync match: no
/// backlog write); otherwise it is persisted to a partition and delivered from there.
/// </summary>
internal sealed class TaskQueueManager(Guid namespaceId, string namespaceName, string name, int taskType, IPersistenceStore store, TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<TaskCompletionSource<MatchedTask?>> _waiters = new();
    private readonly Queue<QueryTask> _queries = new();
    private readonly List<TaskQueuePartition> _partitions = [];
    private readonly ConcurrentDictionary<string, PollerInfo> _pollers = new(StringComparer.Ordinal);
    private int _nextReadPartition;

    public Guid NamespaceId { get; } = namespaceId;
    public string NamespaceName { get; } = namespaceName;
    public string Name { get; } = name;
    public int TaskType { get; } = taskType;

    public IReadOnlyCollection<PollerInfo> Pollers => [.. _pollers.Values];

    public int WaitingPollers
    {
        get
        {
            lock (_gate) return _waiters.Count;
        }
    }

    public IReadOnlyList<TaskQueuePartition> Partitions
    {
        get
        {
            lock (_gate) return [.. _partitions];
        }
    }

    public void RecordPoller(string identity, DateTimeOffset now) =>
        _pollers[identity] = new PollerInfo(identity, TaskType, now);

    /// <summary>Makes sure partitions 0..count-1 exist and their stored backlogs are loaded.</summary>
    public async Task EnsurePartitionsAsync(int count, CancellationToken cancellationToken)
    {
        List<TaskQueuePartition> fresh = [];
        lock (_gate)
        {
            while (_partitions.Count < count)
            {
                fresh.Add(AddPartitionLocked());
            }
        }
        foreach (var partition in fresh)
        {
            var loaded = await partition.EnsureLeasedAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                foreach (var (taskId, data) in loaded) partition.Enqueue(taskId, data);
                DrainToWaitersLocked();
            }
        }
    }

    /// <summary>Sync match if a poller waits; else persist to <paramref name="partitionIndex"/>'s backlog.</summary>
    public async Task AddAsync(MatchingTaskData data, int partitionIndex, CancellationToken cancellationToken)
    {
        if (TryHandToWaiter(new MatchedTask(data)))
        {
            return;
        }
        var partition = Partitions[partitionIndex];
        await partition.PersistAsync(data, taskId =>
        {
            lock (_gate)
            {
                partition.Enqueue(taskId, data);
                DrainToWaitersLocked();
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes back a task this queue handed out whose start failed, when it cannot be written to the
    /// backlog either (the store is still away): handed to a waiting poller, else kept in memory
    /// for the next poll. Dropped, the task would never be dispatched again: a workflow task has no
    /// timeout before it starts, nor an activity without a schedule-to-close timeout.
    /// </summary>
    public void ReturnUnpersisted(MatchingTaskData data)
    {
        if (TryHandToWaiter(new MatchedTask(data)))
        {
            return;
        }
        lock (_gate)
        {
            if (_partitions.Count == 0)
            {
                AddPartitionLocked();
            }
            _partitions[0].Enqueue(0, data);
            DrainToWaitersLocked();
        }
    }

    public void AddQuery(QueryTask query)
    {
        if (TryHandToWaiter(new MatchedTask(query)))
        {
            return;
        }
        lock (_gate)
        {
            _queries.Enqueue(query);
            DrainToWaitersLocked();
        }
    }

    /// <summary>Waits up to <paramref name="wait"/> for a task; null when none came.</summary>
    public async Task<MatchedTask?> PollAsync(int readPartitions, TimeSpan wait, CancellationToken cancellationToken)
    {
        TaskCompletionSource<MatchedTask?> waiter;
        LinkedListNode<TaskCompletionSource<MatchedTask?>> node;
        lock (_gate)
        {
            if (TryTakeLocked(readPartitions, out var ready))
            {
                return ready;
            }
            waiter = new TaskCompletionSource<MatchedTask?>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiters.AddLast(waiter);
        }
        using var timeout = new CancellationTokenSource(wait, timeProvider);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using (either.Token.Register(static state => ((TaskCompletionSource<MatchedTask?>)state!).TrySetResult(null), waiter))
        {
            var result = await waiter.Task.ConfigureAwait(false);
            lock (_gate)
            {
                if (node.List is not null)
                {
                    _waiters.Remove(node);
                }
            }
            return result;
        }
    }

    /// <summary>Flushes partitions' ack levels (delete delivered backlog rows in chunks).</summary>
    public async Task FlushAcksAsync(CancellationToken cancellationToken)
    {
        foreach (var partition in Partitions)
        {
            long delivered;
            lock (_gate) delivered = partition.DeliveredUpTo;
            await partition.FlushAckAsync(delivered, cancellationToken).ConfigureAwait(false);
        }
    }

    public int BacklogCount
    {
        get
        {
            lock (_gate) return _partitions.Sum(p => p.BacklogCount);
        }
    }

    /// <summary>The next partition, not yet leased (under the lock).</summary>
    private TaskQueuePartition AddPartitionLocked()
    {
        var partition = new TaskQueuePartition(new TaskQueueKey(NamespaceId, Name, TaskType, _partitions.Count), store, timeProvider);
        _partitions.Add(partition);
        return partition;
    }

    private bool TryHandToWaiter(MatchedTask task)
    {
        lock (_gate)
        {
            while (_waiters.First is { } first)
            {
                _waiters.RemoveFirst();
                if (first.Value.TrySetResult(task))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private void DrainToWaitersLocked()
    {
        while (_waiters.First is { } first)
        {
            if (!TryTakeLocked(int.MaxValue, out var task))
            {
                return;
            }
            _waiters.RemoveFirst();
            if (!first.Value.TrySetResult(task))
            {
                // The poller gave up at this instant: put the task back at the front.
                Requeue(task!);
            }
        }
    }

    private void Requeue(MatchedTask task)
    {
        if (task.Query is { } query)
        {
            var rest = _queries.ToArray();
            _queries.Clear();
            _queries.Enqueue(query);
            foreach (var q in rest) _queries.Enqueue(q);
        }
        else
        {
            // Already delivered from the backlog's point of view; keep it in memory so it is not lost.
            _partitions[0].Enqueue(0, task.Data!);
        }
    }

    private bool TryTakeLocked(int readPartitions, out MatchedTask? task)
    {
        if (_queries.TryDequeue(out var query))
        {
            task = new MatchedTask(query);
            return true;
        }
        var count = Math.Min(Math.Max(readPartitions, 1), _partitions.Count);
        for (var i = 0; i < _partitions.Count; i++)
        {
            // Read partitions first in rotation, then any beyond them so nothing is stranded.
            var index = i < count ? (_nextReadPartition + i) % count : i;
            if (_partitions[index].TryTake(out var data))
            {
                _nextReadPartition = (index + 1) % Math.Max(count, 1);
                task = new MatchedTask(data);
                return true;
            }
        }
        task = null;
        return false;
    }
}
