using System.Diagnostics.Metrics;
using Fencepost.Engine.History;
using Fencepost.Engine.Metrics;
using Fencepost.Engine.Persistence.Embedded;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Queues;
using Fencepost.Engine.Tests.Persistence.Embedded;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fencepost.Engine.Tests.Queues;

/// <summary>One shard on the embedded store with its writer and both queue processors, driven by a scripted executor.</summary>
internal sealed class ShardQueueHarness : IAsyncDisposable
{
    public const string Poison = "poison";

    private readonly ServiceProvider _services;

    private ShardQueueHarness(ServiceProvider services, EmbeddedPersistenceStore store, ShardContext shard, ShardTaskDeadLetters deadLetters,
        TransferQueueProcessor transfer, TimerQueueProcessor timers, ScriptedExecutor executor)
    {
        _services = services;
        Store = store;
        Shard = shard;
        DeadLetters = deadLetters;
        Transfer = transfer;
        Timers = timers;
        Executor = executor;
    }

    public IMeterFactory Meters => _services.GetRequiredService<IMeterFactory>();

    public EmbeddedPersistenceStore Store { get; }

    public ShardContext Shard { get; }

    public ShardTaskDeadLetters DeadLetters { get; }

    public TransferQueueProcessor Transfer { get; }

    public TimerQueueProcessor Timers { get; }

    public ScriptedExecutor Executor { get; }

    public static async Task<ShardQueueHarness> StartAsync(ShardTaskRetryPolicy retry, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var instruments = new EngineInstruments(services.GetRequiredService<IMeterFactory>());
        var store = EmbeddedStoreFactory.Create();
        await store.InitializeAsync();
        var row = await store.Shards.GetOrCreateShardAsync(0);
        var acquired = await store.Shards.AcquireShardAsync(0, "test-host", row.RangeId);
        var shard = new ShardContext(acquired, "test-host", store, NullLogger.Instance, 16, instruments);
        var executor = new ScriptedExecutor(Poison);
        var deadLetters = new ShardTaskDeadLetters(instruments, TimeProvider.System, NullLogger<ShardTaskDeadLetters>.Instance);
        var transfer = new TransferQueueProcessor(shard, store, executor, deadLetters, time, NullLogger.Instance, retry);
        var timers = new TimerQueueProcessor(shard, store, executor, deadLetters, time, NullLogger.Instance, retry);
        shard.TransferSink = transfer;
        shard.TimerSink = timers;
        await transfer.StartAsync(CancellationToken.None);
        await timers.StartAsync(CancellationToken.None);
        shard.Start();
        return new ShardQueueHarness(services, store, shard, deadLetters, transfer, timers, executor);
    }

    /// <summary>Commits one outbox task for <paramref name="workflowId"/> through the shard writer; returns it with its id.</summary>
    public async Task<NewShardTask> SubmitAsync(ShardTaskCategory category, string workflowId, DateTimeOffset? fireAt = null)
    {
        var write = new PendingShardWrite();
        var data = new ShardTaskData { Kind = category == ShardTaskCategory.Timer ? ShardTaskKind.UserTimer : ShardTaskKind.CloseExecution, WorkflowId = workflowId, RunId = Guid.NewGuid() };
        var task = new NewShardTask(category, fireAt ?? DateTimeOffset.MinValue, data);
        write.Tasks.Add(task);
        await Shard.SubmitAsync(write);
        return task;
    }

    public Task<IReadOnlyList<ShardTaskRecord>> StoredAsync(ShardTaskCategory category) => category == ShardTaskCategory.Timer
        ? Store.ShardTasks.GetTasksAsync(0, category, new ShardTaskKey(DateTimeOffset.MinValue, 0), new ShardTaskKey(DateTimeOffset.MaxValue, long.MaxValue), 100)
        : Store.ShardTasks.GetTasksAsync(0, category, ShardTaskKey.ForId(0), ShardTaskKey.ForId(long.MaxValue), 100);

    public async ValueTask DisposeAsync()
    {
        await Shard.DisposeAsync();
        await Transfer.StopAsync();
        await Timers.StopAsync();
        Timers.Dispose();
        await Store.DisposeAsync();
        await _services.DisposeAsync();
    }
}
