using System.Collections.Concurrent;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Metrics;
using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.Engine.Matching;

/// <summary>
/// The matching service: task queues by (namespace, name, type). Adds try a waiting poller first
/// and fall back to a persisted backlog partition; polls wait up to the long-poll interval.
/// </summary>
internal sealed class MatchingEngine(IPersistenceStore store, IDynamicConfig config, EngineInstruments instruments, TimeProvider timeProvider)
{
    public const int WorkflowTaskType = 1;
    public const int ActivityTaskType = 2;

    private readonly ConcurrentDictionary<(Guid Namespace, string Name, int Type), TaskQueueManager> _queues = new();
    private readonly ConcurrentDictionary<Guid, QueryTask> _queries = new();

    public IEnumerable<TaskQueueManager> Queues => _queues.Values;

    public async Task AddTaskAsync(Guid namespaceId, string namespaceName, string taskQueue, int taskType, MatchingTaskData data, CancellationToken cancellationToken)
    {
        var queue = await GetQueueAsync(namespaceId, namespaceName, taskQueue, taskType, cancellationToken).ConfigureAwait(false);
        var writePartitions = config.Get(MatchingConfigKeys.NumTaskqueueWritePartitions, namespaceName, taskQueue);
        var partition = writePartitions <= 1 ? 0 : Random.Shared.Next(writePartitions);
        await queue.AddAsync(data, partition, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits for a task up to the long-poll interval, answering before <paramref name="clientDeadline"/>.</summary>
    public async Task<MatchedTask?> PollAsync(Guid namespaceId, string namespaceName, string taskQueue, int taskType, string identity, DateTime clientDeadline, CancellationToken cancellationToken)
    {
        var queue = await GetQueueAsync(namespaceId, namespaceName, taskQueue, taskType, cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        queue.RecordPoller(identity, now);
        var wait = config.Get(MatchingConfigKeys.LongPollExpirationInterval, namespaceName, taskQueue);
        var untilDeadline = clientDeadline == DateTime.MaxValue ? wait : clientDeadline - now.UtcDateTime - TimeSpan.FromSeconds(1);
        if (untilDeadline < wait)
        {
            wait = untilDeadline > TimeSpan.Zero ? untilDeadline : TimeSpan.Zero;
        }
        var readPartitions = config.Get(MatchingConfigKeys.NumTaskqueueReadPartitions, namespaceName, taskQueue);
        var task = await queue.PollAsync(readPartitions, wait, cancellationToken).ConfigureAwait(false);
        queue.RecordPoller(identity, timeProvider.GetUtcNow());
        return task;
    }

    /// <summary>See <see cref="TaskQueueManager.ReturnUnpersisted"/>.</summary>
    public void ReturnUnpersisted(Guid namespaceId, string namespaceName, string taskQueue, int taskType, MatchingTaskData data) =>
        QueueFor(namespaceId, namespaceName, taskQueue, taskType).ReturnUnpersisted(data);

    public QueryTask AddQuery(Guid namespaceId, string namespaceName, string taskQueue, QueryTask query)
    {
        TrackQuery(query);
        var queue = QueueFor(namespaceId, namespaceName, taskQueue, WorkflowTaskType);
        queue.AddQuery(query);
        return query;
    }

    /// <summary>
    /// Waits here for the answer to a query whose task queue another node's matching holds (the
    /// worker's answer is routed to the workflow's history node, which is this one).
    /// </summary>
    public void TrackQuery(QueryTask query)
    {
        _queries[query.Id] = query;
        query.Outcome.Task.ContinueWith(_ => _queries.TryRemove(query.Id, out QueryTask? _), TaskScheduler.Default);
    }

    public bool CompleteQuery(Guid queryId, QueryOutcome outcome) =>
        _queries.TryRemove(queryId, out var query) && query.Outcome.TrySetResult(outcome);

    public TaskQueueManager? Find(Guid namespaceId, string taskQueue, int taskType) =>
        _queues.GetValueOrDefault((namespaceId, taskQueue, taskType));

    private async Task<TaskQueueManager> GetQueueAsync(Guid namespaceId, string namespaceName, string taskQueue, int taskType, CancellationToken cancellationToken)
    {
        var queue = QueueFor(namespaceId, namespaceName, taskQueue, taskType);
        var partitions = Math.Max(
            config.Get(MatchingConfigKeys.NumTaskqueueReadPartitions, namespaceName, taskQueue),
            config.Get(MatchingConfigKeys.NumTaskqueueWritePartitions, namespaceName, taskQueue));
        if (queue.Partitions.Count < partitions)
        {
            await queue.EnsurePartitionsAsync(partitions, cancellationToken).ConfigureAwait(false);
            instruments.RecordTaskQueuePartitions(partitions);
        }
        return queue;
    }

    private TaskQueueManager QueueFor(Guid namespaceId, string namespaceName, string taskQueue, int taskType) =>
        _queues.GetOrAdd((namespaceId, taskQueue, taskType), k => new TaskQueueManager(k.Namespace, namespaceName, k.Name, k.Type, store, timeProvider));
}
