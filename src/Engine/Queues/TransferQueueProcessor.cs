using System.Threading.Channels;
using Fencepost.Engine.History;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;
using Microsoft.Extensions.Logging;

namespace Fencepost.Engine.Queues;

/// <summary>
/// Executes a shard's transfer tasks: those just committed (handed over by the writer) and, after
/// the shard is acquired, those left in the store by a previous owner. Finished tasks are deleted
/// by range up to the lowest one still outstanding, in bounded chunks (the store's range delete).
/// </summary>
internal sealed partial class TransferQueueProcessor : IShardTaskSink
{
    private const int Workers = 4;
    private const int LoadBatchSize = 1_000;
    private static readonly TimeSpan AckInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    private readonly ShardContext _shard;
    private readonly IPersistenceStore _store;
    private readonly ShardTaskExecutor _executor;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Channel<(long TaskId, ShardTaskData Data)> _pending = Channel.CreateUnbounded<(long, ShardTaskData)>();
    private readonly SortedSet<long> _outstanding = [];
    private readonly Lock _gate = new();
    private readonly List<Task> _loops = [];
    private long _highestSeen;
    private long _deletedUpTo;

    public TransferQueueProcessor(ShardContext shard, IPersistenceStore store, ShardTaskExecutor executor, TimeProvider timeProvider, ILogger logger)
    {
        _shard = shard;
        _store = store;
        _executor = executor;
        _timeProvider = timeProvider;
        _logger = logger;
    }

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
            _loops.Add(Task.Run(() => RunWorkerAsync(_shard.Lifetime), CancellationToken.None));
        }
        _loops.Add(Task.Run(() => RunAckLoopAsync(_shard.Lifetime), CancellationToken.None));
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
        _pending.Writer.TryWrite((taskId, data));
    }

    private async Task RunWorkerAsync(CancellationToken cancellationToken)
    {
        await foreach (var (taskId, data) in _pending.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            while (true)
            {
                try
                {
                    await _executor.ExecuteAsync(data, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (ShardOwnershipLostException)
                {
                    return;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    LogTaskFailed(_logger, _shard.ShardId, taskId, data.Kind, ex);
                    await Task.Delay(RetryDelay, _timeProvider, cancellationToken).ConfigureAwait(false);
                }
            }
            lock (_gate) _outstanding.Remove(taskId);
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
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogAckFailed(_logger, _shard.ShardId, ex);
            }
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Shard {ShardId} transfer task {TaskId} ({Kind}) failed; retrying")]
    private static partial void LogTaskFailed(ILogger logger, int shardId, long taskId, ShardTaskKind kind, Exception exception);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Shard {ShardId} could not delete finished transfer tasks")]
    private static partial void LogAckFailed(ILogger logger, int shardId, Exception exception);
}
