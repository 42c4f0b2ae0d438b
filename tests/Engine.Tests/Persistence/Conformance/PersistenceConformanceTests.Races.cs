using System.Collections.Concurrent;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Occ;
using static Fencepost.Engine.Tests.Persistence.Conformance.ConformanceData;

namespace Fencepost.Engine.Tests.Persistence.Conformance;

public abstract partial class PersistenceConformanceTests
{
    [Fact]
    public async Task Write_ByDeposedOwnerAfterNewOwnerAcquired_ThrowsOwnershipLostAndWritesNothing()
    {
        var shardId = NewShardId();
        var oldRange = await OwnShardAsync(Store, shardId, "host-a");
        var execution = Execution(shardId, Guid.NewGuid(), NewWorkflowId(), Guid.NewGuid());
        await Store.Executions.WriteAsync(new ShardWriteRequest(shardId, oldRange) { Creates = { BrandNew(execution) } });
        await Store.Shards.AcquireShardAsync(shardId, "host-b", oldRange);

        var error = await Assert.ThrowsAsync<ShardOwnershipLostException>(() => Store.Executions.WriteAsync(new ShardWriteRequest(shardId, oldRange)
        {
            Updates = { new ExecutionUpdate(execution with { DbRecordVersion = 2, NextEventId = 50 }, 1) },
            History = { Node(execution.RunId, 4) },
            Tasks = { TransferTask(oldRange << 20) },
        }));

        Assert.Equal((shardId, oldRange, oldRange + 1), (error.ShardId, error.ExpectedRangeId, error.ActualRangeId));
        var stored = await Store.Executions.GetExecutionAsync(shardId, execution.NamespaceId, execution.WorkflowId, execution.RunId);
        Assert.Equal(1, stored!.DbRecordVersion);
        Assert.Empty((await Store.History.ReadAsync(shardId, execution.RunId, execution.RunId, 1, long.MaxValue, 10, null)).Items);
        Assert.Empty(await Store.ShardTasks.GetTasksAsync(shardId, ShardTaskCategory.Transfer, ShardTaskKey.ForId(0), ShardTaskKey.ForId(long.MaxValue), 10));
    }

    /// <summary>
    /// The zombie-owner race: the old owner keeps writing while the new owner acquires. Once the
    /// acquire has returned, not one more write of the old owner may commit.
    /// </summary>
    [Fact]
    public async Task Write_OldOwnerRacingAnAcquire_NeverCommitsAfterTheAcquireReturns()
    {
        var shardId = NewShardId();
        var oldRange = await OwnShardAsync(Store, shardId, "host-a");
        var committedByOldOwner = new ConcurrentBag<long>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var firstWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var oldOwner = Task.Run(async () =>
        {
            for (long taskId = (oldRange << 20) + 1; ; taskId++)
            {
                try
                {
                    await Store.Executions.WriteAsync(new ShardWriteRequest(shardId, oldRange) { Tasks = { TransferTask(taskId) } }, stop.Token);
                    committedByOldOwner.Add(taskId);
                    firstWrite.TrySetResult();
                }
                catch (ShardOwnershipLostException)
                {
                    return;
                }
            }
        });
        await firstWrite.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await Store.Shards.AcquireShardAsync(shardId, "host-b", oldRange);
        var visibleAfterAcquire = await ReadTransferTaskIdsAsync(shardId);
        await oldOwner.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(visibleAfterAcquire, await ReadTransferTaskIdsAsync(shardId));
        Assert.Equal(committedByOldOwner.Order().ToList(), visibleAfterAcquire);
    }

    /// <summary>
    /// N writers read-modify-write one run, each conditioned on the version it read. Conflicting
    /// commits must be retried and counted, and no update may be lost: the final version and the
    /// counter in the data both equal the number of successful updates.
    /// </summary>
    [Fact]
    public async Task Write_ManyWritersOnOneRun_RetriesConflictsAndLosesNoUpdate()
    {
        const int writers = 8;
        const int updatesPerWriter = 15;
        var shardId = NewShardId();
        var range = await OwnShardAsync(Store, shardId);
        var execution = Execution(shardId, Guid.NewGuid(), NewWorkflowId(), Guid.NewGuid(), data: BitConverter.GetBytes(0L));
        await Store.Executions.WriteAsync(new ShardWriteRequest(shardId, range) { Creates = { BrandNew(execution) } });
        var successes = 0;
        using var start = new Barrier(writers);

        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            start.SignalAndWait();
            for (var done = 0; done < updatesPerWriter;)
            {
                var read = await Store.Executions.GetExecutionAsync(shardId, execution.NamespaceId, execution.WorkflowId, execution.RunId);
                var counter = BitConverter.ToInt64(read!.Data);
                var next = read with { DbRecordVersion = read.DbRecordVersion + 1, Data = BitConverter.GetBytes(counter + 1) };
                try
                {
                    await Store.Executions.WriteAsync(new ShardWriteRequest(shardId, range) { Updates = { new ExecutionUpdate(next, read.DbRecordVersion) } });
                    Interlocked.Increment(ref successes);
                    done++;
                }
                catch (ConditionFailedException)
                {
                    // Another writer got there first; read again, as the engine would.
                }
            }
        })));

        var final = await Store.Executions.GetExecutionAsync(shardId, execution.NamespaceId, execution.WorkflowId, execution.RunId);
        Assert.Equal(writers * updatesPerWriter, successes);
        Assert.Equal(1 + successes, final!.DbRecordVersion);
        Assert.Equal(successes, BitConverter.ToInt64(final.Data));
        Assert.All(Context.Conflicts.Observations, o => Assert.Equal("ShardWrite", o.Operation));
    }

    /// <summary>
    /// With no retries allowed, a commit that loses a race surfaces as RetriesExhausted (never as
    /// success, never half-applied) and is recorded as exhausted. Concurrent blind increments of
    /// one shard row provoke the races; every increment that reported success must be in the row.
    /// </summary>
    [Fact]
    public async Task UpdateShard_ConcurrentWritersWithNoRetries_ReportExhaustionAndApplyOnlySuccesses()
    {
        Context.Retry = new OccRetryOptions { MaxRetries = 0, BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero };
        var shardId = NewShardId();
        var range = await OwnShardAsync(Store, shardId);
        ModelCommitRoundTrip();
        var written = new ConcurrentBag<byte>();
        var exhausted = 0;

        for (var round = 0; round < 20 && exhausted == 0; round++)
        {
            using var start = new Barrier(6);
            await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
            {
                var value = (byte)(round * 6 + i);
                start.SignalAndWait();
                try
                {
                    await Store.Shards.UpdateShardAsync(shardId, range, [value]);
                    written.Add(value);
                }
                catch (RetriesExhaustedException)
                {
                    Interlocked.Increment(ref exhausted);
                }
            })));
        }

        Assert.True(exhausted > 0, "120 concurrent shard updates with no retries never lost an OCC race: the store does not detect write-write conflicts at commit.");
        var stored = (await Store.Shards.GetShardAsync(shardId))!.Data;
        Assert.Contains(stored[0], written);
        Assert.Equal(exhausted, Context.Conflicts.Observations.Count(o => o.Exhausted));
    }

    private async Task<List<long>> ReadTransferTaskIdsAsync(int shardId) =>
        (await Store.ShardTasks.GetTasksAsync(shardId, ShardTaskCategory.Transfer, ShardTaskKey.ForId(0), ShardTaskKey.ForId(long.MaxValue), 100_000))
            .Select(t => t.TaskId).Order().ToList();
}
