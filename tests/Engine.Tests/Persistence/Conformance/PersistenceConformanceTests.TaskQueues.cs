using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;

namespace Fencepost.Engine.Tests.Persistence.Conformance;

public abstract partial class PersistenceConformanceTests
{
    private static TaskQueueKey NewQueue(int partition = 0) => new(Guid.NewGuid(), "tq-" + Guid.NewGuid().ToString("N"), 1, partition);

    private static MatchingTaskRecord MatchingTask(long id) => new(id, DateTimeOffset.UnixEpoch.AddDays(20_000), null, [(byte)(id % 256)]);

    [Fact]
    public async Task LeaseTaskQueue_NewQueue_CreatesAtRangeOneThenIncrements()
    {
        var key = NewQueue();

        var first = await Store.TaskQueues.LeaseTaskQueueAsync(key, expectedRangeId: 0);
        var second = await Store.TaskQueues.LeaseTaskQueueAsync(key, first.RangeId);

        Assert.Equal((1L, 0L), (first.RangeId, first.AckLevel));
        Assert.Equal(2, second.RangeId);
        Assert.Equal(2, (await Store.TaskQueues.GetTaskQueueAsync(key))!.RangeId);
    }

    [Fact]
    public async Task LeaseTaskQueue_TwoOwnersAtOnce_ExactlyOneWins()
    {
        var key = NewQueue();
        var lease = await Store.TaskQueues.LeaseTaskQueueAsync(key, 0);
        using var start = new Barrier(2);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            start.SignalAndWait();
            try
            {
                await Store.TaskQueues.LeaseTaskQueueAsync(key, lease.RangeId);
                return true;
            }
            catch (ConditionFailedException)
            {
                return false;
            }
        })));

        Assert.Single(outcomes, won => won);
        Assert.Equal(lease.RangeId + 1, (await Store.TaskQueues.GetTaskQueueAsync(key))!.RangeId);
    }

    [Fact]
    public async Task CreateTasks_WithALostLease_ThrowsConditionFailedAndWritesNothing()
    {
        var key = NewQueue(partition: 3);
        var old = await Store.TaskQueues.LeaseTaskQueueAsync(key, 0);
        await Store.TaskQueues.LeaseTaskQueueAsync(key, old.RangeId);

        await Assert.ThrowsAsync<ConditionFailedException>(() => Store.TaskQueues.CreateTasksAsync(key, old.RangeId, [MatchingTask(1)]));
        await Assert.ThrowsAsync<ConditionFailedException>(() => Store.TaskQueues.UpdateTaskQueueAsync(key, old.RangeId, 5, []));

        Assert.Equal(0, await Store.TaskQueues.CountTasksAsync(key));
        Assert.Equal(0, (await Store.TaskQueues.GetTaskQueueAsync(key))!.AckLevel);
    }

    [Fact]
    public async Task MatchingTasks_CreateReadCompleteAndCount()
    {
        var key = NewQueue();
        var lease = await Store.TaskQueues.LeaseTaskQueueAsync(key, 0);
        await Store.TaskQueues.CreateTasksAsync(key, lease.RangeId, [.. Enumerable.Range(1, 6).Select(i => MatchingTask(i))]);

        var middle = await Store.TaskQueues.GetTasksAsync(key, exclusiveMinTaskId: 1, inclusiveMaxTaskId: 4, batchSize: 10);
        await Store.TaskQueues.CompleteTaskAsync(key, 6);
        var deleted = await Store.TaskQueues.CompleteTasksUpToAsync(key, inclusiveMaxTaskId: 4, limit: 3);
        var updated = await Store.TaskQueues.UpdateTaskQueueAsync(key, lease.RangeId, ackLevel: 4, data: [1]);

        Assert.Equal([2L, 3L, 4L], middle.Select(t => t.TaskId));
        Assert.Equal([(byte)2], middle[0].Data);
        Assert.Equal(3, deleted);
        Assert.Equal(2, await Store.TaskQueues.CountTasksAsync(key));
        Assert.Equal(4, updated.AckLevel);
        Assert.Contains(await Store.TaskQueues.ListTaskQueuesAsync(), q => q.Key == key);
    }
}
