using Fencepost.Engine.Persistence.Embedded;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Visibility;
using static Fencepost.Engine.Tests.Persistence.Embedded.StoreRecords;

namespace Fencepost.Engine.Tests.Persistence.Embedded;

/// <summary>Embedded-store behaviour the shared conformance suite leaves to each store.</summary>
public class EmbeddedStoreBehaviourTests
{
    private readonly Guid _namespace = Guid.NewGuid();

    [Fact]
    public async Task UpdateShardAsync_WithCommitLatency_CompletesOnlyAfterTheLatencyElapses()
    {
        var time = new TimerSignallingTimeProvider(Start);
        var options = new EmbeddedStoreOptions();
        await using var store = EmbeddedStoreFactory.Create(time, options: options);
        await store.Shards.GetOrCreateShardAsync(1);
        options.CommitLatency = TimeSpan.FromMilliseconds(8);

        var acquire = store.Shards.AcquireShardAsync(1, "host", 0);
        await time.TimerCreated.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(acquire.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(7));
        Assert.False(acquire.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var shard = await acquire.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, shard.RangeId);
    }

    [Fact]
    public void ReadAsync_InvalidPageSize_ReturnsAFaultedTaskInsteadOfThrowing()
    {
        using var store = new DisposableStore();

        var read = store.Store.History.ReadAsync(1, Guid.NewGuid(), Guid.NewGuid(), 1, 10, 0, null);

        Assert.True(read.IsFaulted);
        Assert.IsType<InvalidPersistenceRequestException>(read.Exception!.InnerException);
    }

    [Fact]
    public async Task DeleteEntryAsync_AbsentAtVersionZero_IsANoOpWithoutAudit()
    {
        await using var store = EmbeddedStoreFactory.Create();

        await store.DynamicConfig.DeleteEntryAsync($"k-{Guid.NewGuid()}", "global", "", 0, "me", "cleanup");

        Assert.Empty(await store.DynamicConfig.ListAuditAsync(10));
    }

    [Fact]
    public async Task ListAsync_OrderByCloseTime_PutsOpenRunsLastInBothDirections()
    {
        await using var store = EmbeddedStoreFactory.Create();
        var open = Visibility(_namespace, "open", Start);
        var early = Visibility(_namespace, "early", Start, status: 2, close: Start.AddMinutes(1));
        var late = Visibility(_namespace, "late", Start, status: 2, close: Start.AddMinutes(2));
        foreach (var record in new[] { open, early, late })
        {
            await store.Visibility.UpsertAsync(record);
        }

        var ascending = await store.Visibility.ListAsync(_namespace, VisibilityQueryParser.Parse("ORDER BY CloseTime ASC"), 10, null);
        var descending = await store.Visibility.ListAsync(_namespace, VisibilityQueryParser.Parse("ORDER BY CloseTime DESC"), 10, null);

        Assert.Equal(["early", "late", "open"], ascending.Items.Select(r => r.WorkflowId));
        Assert.Equal(["late", "early", "open"], descending.Items.Select(r => r.WorkflowId));
    }

    [Fact]
    public async Task ListAsync_EqualStartTimesAcrossPages_BreaksTiesByRunIdWithoutRepeats()
    {
        await using var store = EmbeddedStoreFactory.Create();
        var records = Enumerable.Range(0, 7).Select(i => Visibility(_namespace, $"same-{i}", Start)).ToList();
        foreach (var record in records)
        {
            await store.Visibility.UpsertAsync(record);
        }

        var seen = new List<Guid>();
        byte[]? token = null;
        do
        {
            var page = await store.Visibility.ListAsync(_namespace, VisibilityQuery.All, 3, token);
            seen.AddRange(page.Items.Select(r => r.RunId));
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.Equal(records.Select(r => r.RunId).Order(), seen);
    }

    [Fact]
    public async Task ListAsync_TokenFromAnotherOrder_ThrowsInvalidRequest()
    {
        await using var store = EmbeddedStoreFactory.Create();
        for (var i = 0; i < 3; i++)
        {
            await store.Visibility.UpsertAsync(Visibility(_namespace, $"wf-{i}", Start.AddMinutes(i)));
        }
        var first = await store.Visibility.ListAsync(_namespace, VisibilityQuery.All, 1, null);

        await Assert.ThrowsAsync<InvalidPersistenceRequestException>(
            () => store.Visibility.ListAsync(_namespace, VisibilityQueryParser.Parse("ORDER BY StartTime ASC"), 1, first.NextPageToken));
    }

    [Fact]
    public async Task GetTasksAsync_TimerTimeWithSubMicrosecondTicks_RoundTripsTruncatedToMicroseconds()
    {
        await using var store = EmbeddedStoreFactory.Create();
        var shard = await store.Shards.GetOrCreateShardAsync(11);
        var range = (await store.Shards.AcquireShardAsync(11, "host", shard.RangeId)).RangeId;
        var at = Start.AddTicks(12_345_678);
        var execution = Execution(11, _namespace, $"wf-{Guid.NewGuid()}", Guid.NewGuid());
        await store.Executions.WriteAsync(Create(range, execution) with { Tasks = [new ShardTaskRecord(ShardTaskCategory.Timer, 1, at, [])] });

        var task = Assert.Single(await store.ShardTasks.GetTasksAsync(11, ShardTaskCategory.Timer,
            new ShardTaskKey(DateTimeOffset.MinValue, 0), new ShardTaskKey(DateTimeOffset.MaxValue, long.MaxValue), 10));

        Assert.Equal(Start.AddTicks(12_345_670), task.VisibilityTime);
    }

    private sealed class DisposableStore : IDisposable
    {
        public EmbeddedPersistenceStore Store { get; } = EmbeddedStoreFactory.Create();

        public void Dispose() => Store.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
