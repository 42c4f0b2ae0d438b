using Fencepost.Engine.History;
using Fencepost.Engine.Hosting;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;
using Microsoft.Extensions.Logging;

namespace Fencepost.Engine.Queues;

/// <summary>
/// Fires a shard's timer tasks (user timers, every timeout, retry backoffs) when they are due, on
/// the injected <see cref="TimeProvider"/>. Fired tasks are deleted by range (in the store's bounded
/// chunks, one range delete per tick, not one transaction per task) up to the earliest one not yet
/// done and never past the timers of a write in flight. A short safety margin behind the clock
/// covers a write that was queued, not yet in flight, when the ack level was computed: its timers
/// are due no earlier than when it was created, moments before. A failing task is retried with
/// backoff (its fire slot is free meanwhile) and dead-lettered after the retry policy's attempts.
/// </summary>
internal sealed partial class TimerQueueProcessor : IShardTaskSink, IDisposable
{
    private const int MaxConcurrentFires = 8;
    private const int LoadBatchSize = 1_000;
    private static readonly TimeSpan AckInterval = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan AckSafetyMargin = TimeSpan.FromSeconds(2);

    /// <summary>The longest the loop sleeps before looking at its earliest timer again (timers can be years away).</summary>
    internal static readonly TimeSpan MaxWait = TimerSlices.MaxSlice;

    private readonly ShardContext _shard;
    private readonly IPersistenceStore _store;
    private readonly IShardTaskExecutor _executor;
    private readonly ShardTaskDeadLetters _deadLetters;
    private readonly ShardTaskRetryPolicy _retry;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly PriorityQueue<(ShardTaskKey Key, ShardTaskData Data), ShardTaskKey> _due = new();
    private readonly SortedSet<ShardTaskKey> _inFlight = [];
    private readonly SemaphoreSlim _fireSlots = new(MaxConcurrentFires, MaxConcurrentFires);
    private readonly Lock _gate = new();
    private readonly List<Task> _loops = [];
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ShardTaskKey _highestFired;
    private ShardTaskKey _deletedUpTo;

    public TimerQueueProcessor(ShardContext shard, IPersistenceStore store, IShardTaskExecutor executor, ShardTaskDeadLetters deadLetters,
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

    /// <summary>Raised after fired tasks up to the key were deleted from the store.</summary>
    public event Action<ShardTaskKey>? Deleted;

    public int PendingCount
    {
        get
        {
            lock (_gate) return _due.Count + _inFlight.Count;
        }
    }

    public void OnCommitted(IReadOnlyList<NewShardTask> tasks)
    {
        var wake = false;
        lock (_gate)
        {
            foreach (var task in tasks)
            {
                if (task.Category != ShardTaskCategory.Timer)
                {
                    continue;
                }
                var key = new ShardTaskKey(task.VisibilityTime, task.TaskId);
                wake |= !_due.TryPeek(out _, out var earliest) || key < earliest;
                _due.Enqueue((key, task.Data), key);
            }
        }
        if (wake)
        {
            _wake.TrySetResult();
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var from = new ShardTaskKey(DateTimeOffset.MinValue, 0);
        var to = new ShardTaskKey(DateTimeOffset.MaxValue, long.MaxValue);
        while (true)
        {
            var batch = await _store.ShardTasks.GetTasksAsync(_shard.ShardId, ShardTaskCategory.Timer, from, to, LoadBatchSize, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                foreach (var record in batch)
                {
                    var key = new ShardTaskKey(record.VisibilityTime, record.TaskId);
                    _due.Enqueue((key, ShardTaskSerializer.Deserialize(record.Data)), key);
                    from = key;
                }
            }
            if (batch.Count < LoadBatchSize)
            {
                break;
            }
        }
        _loops.Add(Task.Run(() => SupervisedLoop.RunAsync($"shard {_shard.ShardId} timer fire", RunFireLoopAsync, _logger, _timeProvider, _shard.Lifetime), CancellationToken.None));
        _loops.Add(Task.Run(() => SupervisedLoop.RunAsync($"shard {_shard.ShardId} timer ack", RunAckLoopAsync, _logger, _timeProvider, _shard.Lifetime), CancellationToken.None));
    }

    public async Task StopAsync()
    {
        _wake.TrySetResult();
        try
        {
            await Task.WhenAll(_loops).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping with the shard.
        }
    }

    public void Dispose() => _fireSlots.Dispose();

    private async Task RunFireLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Task wake;
            TimeSpan wait;
            (ShardTaskKey Key, ShardTaskData Data) next = default;
            var ready = false;
            lock (_gate)
            {
                if (_wake.Task.IsCompleted)
                {
                    _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                wake = _wake.Task;
                wait = Timeout.InfiniteTimeSpan;
                if (_due.TryPeek(out var head, out var key))
                {
                    var untilDue = WaitUntil(key.VisibilityTime, _timeProvider.GetUtcNow());
                    if (untilDue <= TimeSpan.Zero)
                    {
                        next = _due.Dequeue();
                        _inFlight.Add(next.Key);
                        ready = true;
                    }
                    else
                    {
                        // In slices: a .NET timer cannot wait more than about 49.7 days.
                        wait = TimerSlices.Cap(untilDue);
                    }
                }
            }
            if (ready)
            {
                await _fireSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
                _ = FireAsync(next.Key, next.Data!, cancellationToken);
                continue;
            }
            using var delay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(wake, Task.Delay(wait, _timeProvider, delay.Token)).ConfigureAwait(false);
            await delay.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// How long to sleep before a timer due at <paramref name="due"/>; zero or less when it is due.
    /// Rounded up to whole milliseconds: Task.Delay treats anything under one as zero, so a timer due
    /// in 0.4 ms would turn the loop into a busy spin (allocating a delay and a linked token source
    /// per turn) for that last millisecond of every timer.
    /// </summary>
    internal static TimeSpan WaitUntil(DateTimeOffset due, DateTimeOffset now)
    {
        var untilDue = due - now;
        return untilDue <= TimeSpan.Zero ? untilDue : TimeSpan.FromMilliseconds(Math.Ceiling(untilDue.TotalMilliseconds));
    }

    private async Task FireAsync(ShardTaskKey key, ShardTaskData data, CancellationToken cancellationToken)
    {
        var holdingSlot = true;
        try
        {
            var failures = 0;
            var attempts = 0;
            while (true)
            {
                try
                {
                    await _executor.ExecuteAsync(data, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (ShardOwnershipLostException ex) when (ex.ShardId == _shard.ShardId)
                {
                    // This shard was let go; another shard lost (a call's target moved) is retried below.
                    return;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    failures++;
                    attempts += ShardTaskRetryPolicy.CountsAsAttempt(ex) ? 1 : 0;
                    if (attempts >= _retry.MaxAttempts)
                    {
                        _deadLetters.Add(_shard.ShardId, ShardTaskCategory.Timer, key.TaskId, data, attempts, ex);
                        break;
                    }
                    LogFireFailed(_logger, _shard.ShardId, key.TaskId, data.Kind, attempts, ex);
                    // Wait without holding a fire slot, so other due timers of the shard keep firing.
                    _fireSlots.Release();
                    holdingSlot = false;
                    await Task.Delay(_retry.Backoff(failures), _timeProvider, cancellationToken).ConfigureAwait(false);
                    await _fireSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
                    holdingSlot = true;
                }
            }
            lock (_gate)
            {
                _inFlight.Remove(key);
                if (key > _highestFired)
                {
                    _highestFired = key;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shard is stopping.
        }
        finally
        {
            if (holdingSlot)
            {
                _fireSlots.Release();
            }
        }
    }

    private async Task RunAckLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(AckInterval, _timeProvider);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            var ack = ComputeAckLevel();
            if (ack <= _deletedUpTo)
            {
                continue;
            }
            try
            {
                await _store.ShardTasks.RangeCompleteTasksAsync(_shard.ShardId, ShardTaskCategory.Timer, ack, cancellationToken).ConfigureAwait(false);
                _deletedUpTo = ack;
                Deleted?.Invoke(ack);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogAckFailed(_logger, _shard.ShardId, ex);
            }
        }
    }

    /// <summary>Everything at or below the returned key is done.</summary>
    internal ShardTaskKey ComputeAckLevel()
    {
        var ceiling = new ShardTaskKey(_timeProvider.GetUtcNow() - AckSafetyMargin, long.MaxValue);
        // Read before the queue: a write that commits in between is then either still in flight here or already queued.
        var writing = _shard.InflightTimerMinimum;
        ShardTaskKey ack;
        lock (_gate)
        {
            ack = _highestFired;
            if (_due.TryPeek(out _, out var earliest) && earliest <= ack)
            {
                ack = new ShardTaskKey(earliest.VisibilityTime, earliest.TaskId - 1);
            }
            if (_inFlight.Count > 0 && _inFlight.Min <= ack)
            {
                ack = new ShardTaskKey(_inFlight.Min.VisibilityTime, _inFlight.Min.TaskId - 1);
            }
        }
        if (writing is { } earliestWritten && earliestWritten <= ack.VisibilityTime)
        {
            ack = new ShardTaskKey(earliestWritten.AddMilliseconds(-1), long.MaxValue);
        }
        return ack < ceiling ? ack : ceiling;
    }

    [LoggerMessage(EventId = 1211, Level = LogLevel.Warning, Message = "Shard {ShardId} timer task {TaskId} ({Kind}) failed (attempt {Attempts}); retrying")]
    private static partial void LogFireFailed(ILogger logger, int shardId, long taskId, ShardTaskKind kind, int attempts, Exception exception);

    [LoggerMessage(EventId = 1212, Level = LogLevel.Warning, Message = "Shard {ShardId} could not delete fired timer tasks")]
    private static partial void LogAckFailed(ILogger logger, int shardId, Exception exception);
}
