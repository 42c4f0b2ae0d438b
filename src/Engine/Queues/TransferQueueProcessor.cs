using System.Threading.Channels;
using Fencepost.Engine.History;
using Fencepost.Engine.Hosting;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;
using Microsoft.Extensions.Logging;

namespace Fencepost.Engine.Queues;

/// <summary>
/// Executes a shard's transfer tasks: those just committed (handed over by the writer) and, after
/// the shard is acquired, those left in the store by a previous owner. Finished tasks are deleted
/// by range up to the lowest one still outstanding, in bounded chunks (the store's range delete).
/// A failing task is retried later with backoff (its worker moves on meanwhile) and, after the
/// retry policy's attempts, dead-lettered and treated as done.
/// </summary>
internal sealed partial class TransferQueueProcessor : IShardTaskSink
{
    private const int Workers = 4;
    private const int LoadBatchSize = 1_000;
    private static readonly TimeSpan AckInterval = TimeSpan.FromSeconds(1);

    private readonly ShardContext _shard;
    private readonly IPersistenceStore _store;
    private readonly IShardTaskExecutor _executor;
    private readonly ShardTaskDeadLetters _deadLetters;
    private readonly ShardTaskRetryPolicy _retry;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Channel<PendingTask> _pending = Channel.CreateUnbounded<PendingTask>();
    private readonly SortedSet<long> _outstanding = [];
    private readonly Lock _gate = new();
    private readonly List<Task> _loops = [];
    private long _highestSeen;
    private long _deletedUpTo;

    public TransferQueueProcessor(ShardContext shard, IPersistenceStore store, IShardTaskExecutor executor, ShardTaskDeadLetters deadLetters,
        TimeProvider timeProvider, ILogger logger, ShardTaskRetryPolicy? retry = null)
    {
        _shard = shard;
        _store = store;
        _executor = executor;
        _deadLetters = deadLetters;
        _retry = retry ?? ShardTaskRetryPolicy.Default;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Raised after finished tasks up to the id were deleted from the store.</summary>
    public event Action<long>? Deleted;

    public void OnCommitted(IReadOnlyList<NewShardTask> tasks)
    {
        foreach (var task in tasks)
        {
            if (task.Category == ShardTaskCategory.Transfer)
            {
                Track(task.TaskId, task.Data);
            }
        }
    }

    /// <summary>Loads what the store holds for this shard, then starts executing.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var from = ShardTaskKey.ForId(0);
        while (true)
        {
            var batch = await _store.ShardTasks.GetTasksAsync(_shard.ShardId, ShardTaskCategory.Transfer, from, ShardTaskKey.ForId(long.MaxValue), LoadBatchSize, cancellationToken).ConfigureAwait(false);
            foreach (var record in batch)
            {
                Track(record.TaskId, ShardTaskSerializer.Deserialize(record.Data));
                from = ShardTaskKey.ForId(record.TaskId);
            }
            if (batch.Count < LoadBatchSize)
            {
                break;
            }
        }
        for (var i = 0; i < Workers; i++)
        {
            var worker = i;
            _loops.Add(Task.Run(() => SupervisedLoop.RunAsync($"shard {_shard.ShardId} transfer worker {worker}", RunWorkerAsync, _logger, _timeProvider, _shard.Lifetime), CancellationToken.None));
        }
        _loops.Add(Task.Run(() => SupervisedLoop.RunAsync($"shard {_shard.ShardId} transfer ack", RunAckLoopAsync, _logger, _timeProvider, _shard.Lifetime), CancellationToken.None));
    }

    public async Task StopAsync()
    {
        _pending.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_loops).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping with the shard.
        }
    }

    private void Track(long taskId, ShardTaskData data)
    {
        lock (_gate)
        {
            _outstanding.Add(taskId);
            _highestSeen = Math.Max(_highestSeen, taskId);
        }
        _pending.Writer.TryWrite(new PendingTask(taskId, data, 0, 0));
    }

    private async Task RunWorkerAsync(CancellationToken cancellationToken)
    {
        await foreach (var task in _pending.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await _executor.ExecuteAsync(task.Data, cancellationToken).ConfigureAwait(false);
            }
            catch (ShardOwnershipLostException ex) when (ex.ShardId == _shard.ShardId)
            {
                // This shard was let go: its next owner loads the task. Another shard lost (a
                // cross-shard call's target moved, e.g. a stale context on this host) is a failure
                // of this task like any other, retried below; returning would end this worker.
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var failed = task with
                {
                    Failures = task.Failures + 1,
                    Attempts = ShardTaskRetryPolicy.CountsAsAttempt(ex) ? task.Attempts + 1 : task.Attempts,
                };
                if (failed.Attempts < _retry.MaxAttempts)
                {
                    LogTaskFailed(_logger, _shard.ShardId, task.TaskId, task.Data.Kind, failed.Attempts, ex);
                    _ = RetryLaterAsync(failed, cancellationToken);
                    continue;
                }
                _deadLetters.Add(_shard.ShardId, ShardTaskCategory.Transfer, task.TaskId, task.Data, failed.Attempts, ex);
            }
            lock (_gate) _outstanding.Remove(task.TaskId);
        }
    }

    /// <summary>Puts a failed task back in the queue after its backoff; it stays outstanding meanwhile, so it is not deleted.</summary>
    private async Task RetryLaterAsync(PendingTask task, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(_retry.Backoff(task.Failures), _timeProvider, cancellationToken).ConfigureAwait(false);
            _pending.Writer.TryWrite(task);
        }
        catch (OperationCanceledException)
        {
            // The shard stopped; its next owner loads the task from the store.
        }
    }

    private async Task RunAckLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(AckInterval, _timeProvider);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            long ack;
            lock (_gate) ack = _outstanding.Count > 0 ? _outstanding.Min - 1 : _highestSeen;
            if (ack <= _deletedUpTo)
            {
                continue;
            }
            try
            {
                await _store.ShardTasks.RangeCompleteTasksAsync(_shard.ShardId, ShardTaskCategory.Transfer, ShardTaskKey.ForId(ack), cancellationToken).ConfigureAwait(false);
                _deletedUpTo = ack;
                Deleted?.Invoke(ack);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogAckFailed(_logger, _shard.ShardId, ex);
            }
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Shard {ShardId} transfer task {TaskId} ({Kind}) failed (attempt {Attempts}); retrying")]
    private static partial void LogTaskFailed(ILogger logger, int shardId, long taskId, ShardTaskKind kind, int attempts, Exception exception);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Shard {ShardId} could not delete finished transfer tasks")]
    private static partial void LogAckFailed(ILogger logger, int shardId, Exception exception);

    /// <summary>A task in the queue with its failures so far (all, and those counted toward dead-lettering).</summary>
    private readonly record struct PendingTask(long TaskId, ShardTaskData Data, int Failures, int Attempts);
}
