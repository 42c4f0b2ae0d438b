using Fencepost.Engine.Persistence.Model;

namespace Fencepost.Engine.Persistence.Stores;

/// <summary>Matching's task queue partitions: range leases by compare-and-set and the persisted backlog.</summary>
public interface ITaskQueueStore
{
    Task<TaskQueueLease?> GetTaskQueueAsync(TaskQueueKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Leases the next range: creates the row at range 1 when <paramref name="expectedRangeId"/> is 0
    /// and it does not exist, else moves range_id from <paramref name="expectedRangeId"/> to +1.
    /// A lost race throws <see cref="Errors.ConditionFailedException"/>.
    /// </summary>
    Task<TaskQueueLease> LeaseTaskQueueAsync(TaskQueueKey key, long expectedRangeId, CancellationToken cancellationToken = default);

    /// <summary>Saves the ack level and data, fenced by the held range_id (ConditionFailed when lost).</summary>
    Task<TaskQueueLease> UpdateTaskQueueAsync(TaskQueueKey key, long rangeId, long ackLevel, byte[] data, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<TaskQueueLease>> ListTaskQueuesAsync(CancellationToken cancellationToken = default);

    /// <summary>Inserts backlog tasks, fenced by the held range_id (ConditionFailed when lost).</summary>
    Task CreateTasksAsync(TaskQueueKey key, long rangeId, IReadOnlyList<MatchingTaskRecord> tasks, CancellationToken cancellationToken = default);

    /// <summary>Backlog tasks with <paramref name="exclusiveMinTaskId"/> &lt; id &lt;= <paramref name="inclusiveMaxTaskId"/>, in id order.</summary>
    Task<IReadOnlyList<MatchingTaskRecord>> GetTasksAsync(TaskQueueKey key, long exclusiveMinTaskId, long inclusiveMaxTaskId, int batchSize, CancellationToken cancellationToken = default);

    Task CompleteTaskAsync(TaskQueueKey key, long taskId, CancellationToken cancellationToken = default);

    /// <summary>Deletes up to <paramref name="limit"/> tasks with id &lt;= <paramref name="inclusiveMaxTaskId"/>; returns how many went.</summary>
    Task<int> CompleteTasksUpToAsync(TaskQueueKey key, long inclusiveMaxTaskId, int limit, CancellationToken cancellationToken = default);

    /// <summary>How many backlog tasks the partition holds (for DescribeTaskQueue and the console).</summary>
    Task<long> CountTasksAsync(TaskQueueKey key, CancellationToken cancellationToken = default);
}
