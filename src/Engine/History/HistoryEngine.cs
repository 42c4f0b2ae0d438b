using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Errors;
using Fencepost.Engine.Metrics;
using Fencepost.Engine.Namespaces;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Temporalio.Api.History.V1;

namespace Fencepost.Engine.History;

/// <summary>
/// The history service: owns every run's mutable state and history, applies each change as a
/// <see cref="WorkflowMutation"/> under the run's lock and persists it through the shard writer.
///
/// Transactions for a simple one-activity workflow (each one shard write, often merged with other
/// workflows' writes into one commit): start; workflow task started; workflow task completed
/// (activity scheduled, and started at once when the worker asked to run it eagerly, as Temporal's
/// SDKs do by default); activity completed (schedules the next workflow task); workflow task
/// started; workflow task completed (workflow completed) = 6, or 7 when the activity goes through
/// matching and its own started write; one fewer when the client asks for an eager start (the
/// first workflow task is started in the start's write and returned in its response). That is
/// what Temporal itself needs to survive a crash at any point; nothing else is persisted per
/// workflow on the sync-match path (matching writes backlog rows only when no poller is waiting,
/// and finished outbox tasks are range-deleted in chunks).
/// </summary>
internal sealed partial class HistoryEngine(
    ShardController shards,
    IPersistenceStore store,
    NamespaceRegistry namespaces,
    EngineInstruments instruments,
    IDynamicConfig config,
    TaskTokenCodec tokens,
    TimeProvider timeProvider,
    ILogger<HistoryEngine> logger)
{
    private const int HistoryReadPageSize = 1_000;
    private const int MaxNodeBytes = 512 * 1024;

    public TimeProvider Clock => timeProvider;

    public async Task<ShardContext> ShardForAsync(Guid namespaceId, string workflowId, CancellationToken cancellationToken)
    {
        var shardId = ShardResolver.GetShardId(namespaceId, workflowId, shards.ShardCount);
        return await shards.GetShardAsync(shardId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The run's id; an empty run id means the workflow's current run.</summary>
    public async Task<WorkflowKey> ResolveRunAsync(Guid namespaceId, string workflowId, string? runId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(workflowId))
        {
            throw ServiceErrorException.InvalidArgument("WorkflowId is not set on request.");
        }
        if (!string.IsNullOrEmpty(runId))
        {
            if (!Guid.TryParse(runId, out var parsed))
            {
                throw ServiceErrorException.InvalidArgument($"RunId '{ErrorText.Echo(runId)}' is not a valid UUID.");
            }
            return new WorkflowKey(namespaceId, workflowId, parsed);
        }
        var shard = await ShardForAsync(namespaceId, workflowId, cancellationToken).ConfigureAwait(false);
        var current = await store.Executions.GetCurrentExecutionAsync(shard.ShardId, namespaceId, workflowId, cancellationToken).ConfigureAwait(false)
            ?? throw ServiceErrorException.NotFound($"Workflow execution {ErrorText.Echo(workflowId)} not found.");
        return new WorkflowKey(namespaceId, workflowId, current.RunId);
    }

    /// <summary>
    /// Runs <paramref name="action"/> on the run's mutable state under its lock and persists what it
    /// changed. An exception (or a failed write) discards the cached state, so it is re-read.
    /// </summary>
    public async Task<T> UpdateRunAsync<T>(WorkflowKey key, Func<WorkflowMutation, T> action, CancellationToken cancellationToken)
    {
        var shard = await ShardForAsync(key.NamespaceId, key.WorkflowId, cancellationToken).ConfigureAwait(false);
        using var lease = await shard.Cache.AcquireAsync(key, cancellationToken).ConfigureAwait(false);
        var entry = lease.Entry;
        try
        {
            var state = await LoadStateAsync(shard, entry, cancellationToken).ConfigureAwait(false);
            var before = new HistoryExtent(state.NextEventId - 1, state.HistorySizeBytes);
            var mutation = new WorkflowMutation(state, timeProvider.GetUtcNow()) { Updates = entry.Updates };
            var result = action(mutation);
            if (mutation.HasChanges)
            {
                await EnforceHistoryLimitsAsync(shard, entry, mutation, before, cancellationToken).ConfigureAwait(false);
            }
            await CommitIfChangedAsync(shard, entry, mutation).ConfigureAwait(false);
            return result;
        }
        catch
        {
            entry.Invalidate();
            throw;
        }
    }

    /// <summary>Like <see cref="UpdateRunAsync{T}"/>, then (still under the lock) reads the run with its whole history.</summary>
    public async Task<TResult> UpdateRunAsync<T, TResult>(WorkflowKey key, Func<WorkflowMutation, T> action, Func<MutableState, List<HistoryEvent>, T, TResult> after, CancellationToken cancellationToken)
    {
        var shard = await ShardForAsync(key.NamespaceId, key.WorkflowId, cancellationToken).ConfigureAwait(false);
        using var lease = await shard.Cache.AcquireAsync(key, cancellationToken).ConfigureAwait(false);
        var entry = lease.Entry;
        try
        {
            var state = await LoadStateAsync(shard, entry, cancellationToken).ConfigureAwait(false);
            var before = new HistoryExtent(state.NextEventId - 1, state.HistorySizeBytes);
            var mutation = new WorkflowMutation(state, timeProvider.GetUtcNow()) { Updates = entry.Updates };
            var result = action(mutation);
            if (mutation.HasChanges)
            {
                await EnforceHistoryLimitsAsync(shard, entry, mutation, before, cancellationToken).ConfigureAwait(false);
            }
            await CommitIfChangedAsync(shard, entry, mutation).ConfigureAwait(false);
            var events = await LoadEventsAsync(shard, entry, state, cancellationToken).ConfigureAwait(false);
            return after(state, events, result);
        }
        catch
        {
            entry.Invalidate();
            throw;
        }
    }

    /// <summary>Reads the run under its lock without changing it (a snapshot for describe, queries, polls).</summary>
    public async Task<T> ReadRunAsync<T>(WorkflowKey key, Func<MutableState, List<HistoryEvent>?, T> read, bool withEvents, CancellationToken cancellationToken)
    {
        var shard = await ShardForAsync(key.NamespaceId, key.WorkflowId, cancellationToken).ConfigureAwait(false);
        using var lease = await shard.Cache.AcquireAsync(key, cancellationToken).ConfigureAwait(false);
        var entry = lease.Entry;
        try
        {
            var state = await LoadStateAsync(shard, entry, cancellationToken).ConfigureAwait(false);
            var events = withEvents ? await LoadEventsAsync(shard, entry, state, cancellationToken).ConfigureAwait(false) : null;
            return read(state, events);
        }
        catch
        {
            entry.Invalidate();
            throw;
        }
    }

    public async Task<MutableState> LoadStateAsync(ShardContext shard, RunCacheEntry entry, CancellationToken cancellationToken)
    {
        if (entry.State is { } cached)
        {
            return cached;
        }
        var key = entry.Key;
        var record = await store.Executions.GetExecutionAsync(shard.ShardId, key.NamespaceId, key.WorkflowId, key.RunId, cancellationToken).ConfigureAwait(false)
            ?? throw ServiceErrorException.NotFound($"Workflow execution {ErrorText.Echo(key.WorkflowId)} (run {key.RunId}) not found.");
        var state = MutableStateSerializer.Deserialize(record.Data);
        state.DbRecordVersion = record.DbRecordVersion;
        state.NextEventId = record.NextEventId;
        entry.State = state;
        entry.Events = null;
        return state;
    }

    /// <summary>The run's whole history (cached with the run once read).</summary>
    public async Task<List<HistoryEvent>> LoadEventsAsync(ShardContext shard, RunCacheEntry entry, MutableState state, CancellationToken cancellationToken)
    {
        if (entry.Events is { } cached)
        {
            return cached;
        }
        var events = await ReadHistoryAsync(shard.ShardId, state.RunId, state.NextEventId, cancellationToken).ConfigureAwait(false);
        entry.Events = events;
        return events;
    }

    public async Task<List<HistoryEvent>> ReadHistoryAsync(int shardId, Guid runId, long nextEventId, CancellationToken cancellationToken)
    {
        var events = new List<HistoryEvent>((int)Math.Min(nextEventId, 4096));
        byte[]? token = null;
        do
        {
            var page = await store.History.ReadAsync(shardId, runId, runId, 1, nextEventId, HistoryReadPageSize, token, cancellationToken).ConfigureAwait(false);
            foreach (var node in page.Items)
            {
                foreach (var historyEvent in Temporalio.Api.History.V1.History.Parser.ParseFrom(node.Data).Events)
                {
                    // A node left by a write that failed after its history went ahead may overlap: keep ids contiguous.
                    if (historyEvent.EventId == events.Count + 1 && historyEvent.EventId < nextEventId)
                    {
                        events.Add(historyEvent);
                    }
                }
            }
            token = page.NextPageToken;
        }
        while (token is not null);
        return events;
    }

    /// <summary>Persists what the mutation changed, then applies its after-commit effects (at once when it changed nothing).</summary>
    private async Task CommitIfChangedAsync(ShardContext shard, RunCacheEntry entry, WorkflowMutation mutation)
    {
        if (mutation.HasChanges)
        {
            await CommitAsync(shard, entry, mutation).ConfigureAwait(false);
        }
        mutation.RunAfterCommit();
    }

    /// <summary>
    /// Temporal's history limits. A change that would leave the run open with more events than
    /// <see cref="RunLimitKeys.HistoryCountError"/>, or that comes when its stored history is already
    /// over <see cref="RunLimitKeys.HistorySizeError"/>, is not written: the run is terminated with
    /// Temporal's reason instead and the caller hears INVALID_ARGUMENT with it. A change that closes
    /// the run goes through. Crossing a warn limit is logged once.
    /// </summary>
    private async Task EnforceHistoryLimitsAsync(ShardContext shard, RunCacheEntry entry, WorkflowMutation mutation, HistoryExtent before, CancellationToken cancellationToken)
    {
        var state = mutation.State;
        if (!state.IsRunning)
        {
            return;
        }
        var ns = state.Namespace;
        var count = state.NextEventId - 1;
        var reason = before.SizeBytes > config.Get(RunLimitKeys.HistorySizeError, ns) ? HistorySizeExceeded
            : count > config.Get(RunLimitKeys.HistoryCountError, ns) ? HistoryCountExceeded
            : null;
        if (reason is null)
        {
            var countWarn = config.Get(RunLimitKeys.HistoryCountWarn, ns);
            var sizeWarn = config.Get(RunLimitKeys.HistorySizeWarn, ns);
            if (before.Count <= countWarn && count > countWarn || before.SizeBytes <= sizeWarn && state.HistorySizeBytes > sizeWarn)
            {
                LogHistoryLarge(logger, state.WorkflowId, state.RunId, count, state.HistorySizeBytes);
            }
            return;
        }
        entry.Invalidate();
        var stored = await LoadStateAsync(shard, entry, cancellationToken).ConfigureAwait(false);
        // With the run's update registry, so updates waiting on it are answered as the run closes.
        var terminate = new WorkflowMutation(stored, timeProvider.GetUtcNow()) { Updates = entry.Updates };
        terminate.TerminateWorkflow(reason, null, "history-service");
        await CommitIfChangedAsync(shard, entry, terminate).ConfigureAwait(false);
        LogHistoryLimitTerminated(logger, state.WorkflowId, state.RunId, reason);
        throw ServiceErrorException.InvalidArgument(reason);
    }

    internal const string HistorySizeExceeded = "Workflow history size exceeds limit.";
    internal const string HistoryCountExceeded = "Workflow history count exceeds limit.";

    private readonly record struct HistoryExtent(long Count, long SizeBytes);

    [LoggerMessage(EventId = 1150, Level = LogLevel.Warning, Message = "Workflow {WorkflowId} (run {RunId}) has a large history: {EventCount} events, {SizeBytes} bytes; it is terminated past limit.historyCount.error / limit.historySize.error")]
    private static partial void LogHistoryLarge(ILogger logger, string workflowId, Guid runId, long eventCount, long sizeBytes);

    [LoggerMessage(EventId = 1151, Level = LogLevel.Warning, Message = "Workflow {WorkflowId} (run {RunId}) terminated: {Reason}")]
    private static partial void LogHistoryLimitTerminated(ILogger logger, string workflowId, Guid runId, string reason);

    /// <summary>Persists a mutation (and a run it created) through the shard writer and updates the cache.</summary>
    private async Task CommitAsync(ShardContext shard, RunCacheEntry entry, WorkflowMutation mutation)
    {
        var state = mutation.State;
        var write = new PendingShardWrite();
        var expected = state.DbRecordVersion;
        state.DbRecordVersion = expected + 1;
        state.LastUpdateTime = mutation.Now;
        var record = ToRecord(shard.ShardId, state);
        CurrentExecutionRecord? current = mutation.ClosedRun && mutation.ContinuedRun is null ? ToCurrent(shard.ShardId, state) : null;
        write.Updates.Add(new ExecutionUpdate(record, expected, current));
        AddHistory(write, state.RunId, mutation.Events, state.DbRecordVersion);
        if (mutation.ClosedRun)
        {
            // Every close (complete, fail, time out, terminate, cancel, continue-as-new) comes through
            // here: the run's deletion is armed in the same write that closes it.
            mutation.AddRetentionTimer(await RetentionOfAsync(state.NamespaceId).ConfigureAwait(false));
        }
        write.Tasks.AddRange(mutation.Tasks);
        if (mutation.VisibilityChanged)
        {
            write.Visibility.Add(ToVisibility(state));
        }
        if (mutation.ContinuedRun is { } next)
        {
            AddCreate(write, shard.ShardId, next.State, next.Events, next.Tasks, CreateMode.ContinueAsNew, state.RunId);
        }
        await shard.SubmitAsync(write).ConfigureAwait(false);

        entry.Events?.AddRange(mutation.Events);
        shard.NotifyChanged(entry.Key);
        if (mutation.ClosedRun)
        {
            instruments.RecordWorkflowClosed(state.Namespace, state.CloseTime!.Value - state.StartTime);
        }
    }

    /// <summary>Creates a run (start, child start, id reuse) with its first events; the caller handles conflicts.</summary>
    public async Task CreateRunAsync(ShardContext shard, WorkflowMutation created, CreateMode mode, Guid? previousRunId, ExecutionUpdate? closePrevious, IReadOnlyList<HistoryEvent>? previousEvents, IReadOnlyList<NewShardTask>? previousTasks,
        Action<RunCacheEntry>? onCreated = null)
    {
        var write = new PendingShardWrite();
        if (closePrevious is not null)
        {
            write.Updates.Add(closePrevious);
            if (previousEvents is not null)
            {
                AddHistory(write, closePrevious.Execution.RunId, previousEvents, closePrevious.Execution.DbRecordVersion);
            }
            if (previousTasks is not null)
            {
                write.Tasks.AddRange(previousTasks);
            }
        }
        AddCreate(write, shard.ShardId, created.State, created.Events, created.Tasks, mode, previousRunId);
        // The new run's lock is held across its create, so the first workflow task (dispatched the
        // moment the create commits) and the client's result poll find it cached instead of reading
        // back what was just written. Nobody can wait on the lock of a run id not yet committed.
        using (var lease = await shard.Cache.AcquireAsync(created.State.Key, CancellationToken.None).ConfigureAwait(false))
        {
            try
            {
                await shard.SubmitAsync(write).ConfigureAwait(false);
            }
            catch
            {
                lease.Entry.Invalidate();
                throw;
            }
            lease.Entry.State = created.State;
            lease.Entry.Events = [.. created.Events];
            // Still under the new run's lock, so its first workflow task cannot start before this.
            onCreated?.Invoke(lease.Entry);
        }
        shard.NotifyChanged(created.State.Key);
    }

    private static void AddCreate(PendingShardWrite write, int shardId, MutableState state, List<HistoryEvent> events, List<NewShardTask> tasks, CreateMode mode, Guid? previousRunId)
    {
        state.DbRecordVersion = 1;
        state.LastUpdateTime = state.StartTime;
        write.Creates.Add(new ExecutionCreate(ToRecord(shardId, state), ToCurrent(shardId, state), mode, previousRunId));
        AddHistory(write, state.RunId, events, 1);
        write.Tasks.AddRange(tasks);
        write.Visibility.Add(ToVisibility(state));
    }

    private static void AddHistory(PendingShardWrite write, Guid runId, IReadOnlyList<HistoryEvent> events, long transactionId)
    {
        var batch = new Temporalio.Api.History.V1.History();
        var size = 0;
        foreach (var historyEvent in events)
        {
            var eventSize = historyEvent.CalculateSize();
            if (batch.Events.Count > 0 && size + eventSize > MaxNodeBytes)
            {
                write.History.Add(ToNode(runId, batch, transactionId));
                batch = new Temporalio.Api.History.V1.History();
                size = 0;
            }
            batch.Events.Add(historyEvent);
            size += eventSize;
        }
        if (batch.Events.Count > 0)
        {
            write.History.Add(ToNode(runId, batch, transactionId));
        }
    }

    private static HistoryNode ToNode(Guid runId, Temporalio.Api.History.V1.History batch, long transactionId) =>
        new(runId, runId, batch.Events[0].EventId, transactionId, batch.Events.Count, batch.ToByteArray());

    internal static WorkflowExecutionRecord ToRecord(int shardId, MutableState state) =>
        new(shardId, state.NamespaceId, state.WorkflowId, state.RunId, state.NextEventId, state.DbRecordVersion,
            state.State, state.Status, state.StartTime, MutableStateSerializer.Serialize(state));

    internal static CurrentExecutionRecord ToCurrent(int shardId, MutableState state) =>
        new(shardId, state.NamespaceId, state.WorkflowId, state.RunId, state.CreateRequestId, state.State, state.Status, state.StartTime);

    internal static VisibilityRecord ToVisibility(MutableState state) =>
        new(state.NamespaceId, state.WorkflowId, state.RunId, state.WorkflowType, state.TaskQueue, state.Status,
            state.StartTime, state.ExecutionTime, state.CloseTime, state.NextEventId - 1, state.Memo, state.SearchAttributes,
            state.ParentWorkflowId, state.ParentRunId, Search.SearchAttributeValues.Index(state.SearchAttributes));
}
