using Fencepost.Engine.Introspection;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Queues;

namespace Fencepost.Engine.Tests.Queues;

/// <summary>Queue processors: bounded retries, dead letters that stop blocking the shard, prompt deletion of finished tasks.</summary>
public class ShardQueueProcessorTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly ShardTaskRetryPolicy FastRetry = new(3, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20));

    /// <summary>Completes when <paramref name="count"/> tasks were dead-lettered.</summary>
    private static Task DeadLettered(ShardTaskDeadLetters deadLetters, int count)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        deadLetters.Added += _ =>
        {
            if (deadLetters.TotalCount >= count) done.TrySetResult();
        };
        return done.Task;
    }

    [Theory]
    [InlineData(ShardTaskCategory.Transfer)]
    [InlineData(ShardTaskCategory.Timer)]
    public async Task AlwaysFailingTask_AttemptedMaxAttemptsTimes_ThenDeadLettered(ShardTaskCategory category)
    {
        await using var harness = await ShardQueueHarness.StartAsync(FastRetry);
        var deadLettered = DeadLettered(harness.DeadLetters, 1);

        await harness.SubmitAsync(category, ShardQueueHarness.Poison, DateTimeOffset.UtcNow);

        await deadLettered.WaitAsync(Wait);
        Assert.Equal(3, harness.Executor.Executions[ShardQueueHarness.Poison]);
        var record = Assert.Single(((IDeadLetterView)harness.DeadLetters).GetDeadLetters());
        Assert.Equal(category, record.Category);
        Assert.Equal(ShardQueueHarness.Poison, record.WorkflowId);
        Assert.Equal(3, record.Attempts);
        Assert.Contains("always fails", record.LastError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ShardTaskCategory.Transfer, 4)]
    [InlineData(ShardTaskCategory.Timer, 8)]
    public async Task FailingTasks_AsManyAsWorkers_OtherTaskOfShardStillRuns(ShardTaskCategory category, int workers)
    {
        // Backoffs far longer than the wait below, so every failing task is still being retried when
        // the healthy one runs however slow the machine is (with 2 s ones, a loaded machine could
        // dead-letter them first and free their workers).
        await using var harness = await ShardQueueHarness.StartAsync(new ShardTaskRetryPolicy(3, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)));
        for (var i = 0; i < workers; i++)
        {
            await harness.SubmitAsync(category, ShardQueueHarness.Poison, DateTimeOffset.UtcNow);
        }
        await harness.SubmitAsync(category, "healthy", DateTimeOffset.UtcNow);

        await harness.Executor.DoneFor("healthy").Task.WaitAsync(Wait);
        Assert.Equal(0, harness.DeadLetters.TotalCount);
    }

    [Theory]
    [InlineData(ShardTaskCategory.Transfer, 4)]
    [InlineData(ShardTaskCategory.Timer, 8)]
    public async Task TasksFailingBecauseAnotherShardMoved_AsManyAsWorkers_RetriedAndLaterTasksStillRun(ShardTaskCategory category, int workers)
    {
        await using var harness = await ShardQueueHarness.StartAsync(FastRetry);
        var moved = Enumerable.Range(0, workers).Select(i => $"{ScriptedExecutor.OtherShardMoved}-{i}").ToList();
        foreach (var workflowId in moved)
        {
            await harness.SubmitAsync(category, workflowId, DateTimeOffset.UtcNow);
        }
        await harness.SubmitAsync(category, "healthy", DateTimeOffset.UtcNow);

        await harness.Executor.DoneFor("healthy").Task.WaitAsync(Wait);
        await Task.WhenAll(moved.Select(id => harness.Executor.DoneFor(id).Task)).WaitAsync(Wait);
        // Each failed once (its target shard moved) and ran again; none was given up on.
        Assert.All(moved, id => Assert.Equal(2, harness.Executor.Executions[id]));
        Assert.Equal(0, harness.DeadLetters.TotalCount);
    }

    [Fact]
    public async Task DeadLetteredTransferTask_NoLongerHoldsDeleteLevel_TableEmptied()
    {
        await using var harness = await ShardQueueHarness.StartAsync(FastRetry);
        var deadLettered = DeadLettered(harness.DeadLetters, 1);
        await harness.SubmitAsync(ShardTaskCategory.Transfer, ShardQueueHarness.Poison);
        var last = await harness.SubmitAsync(ShardTaskCategory.Transfer, "after");
        await deadLettered.WaitAsync(Wait);

        var deleted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Transfer.Deleted += ack =>
        {
            if (ack >= last.TaskId) deleted.TrySetResult();
        };
        await deleted.Task.WaitAsync(Wait);
        Assert.Empty(await harness.StoredAsync(ShardTaskCategory.Transfer));
    }

    [Fact]
    public async Task FiredTimer_DeletedFromStoreSoonAfter()
    {
        await using var harness = await ShardQueueHarness.StartAsync(FastRetry);
        var timer = await harness.SubmitAsync(ShardTaskCategory.Timer, "timer", DateTimeOffset.UtcNow.AddMilliseconds(50));
        var key = new ShardTaskKey(timer.VisibilityTime, timer.TaskId);
        var deleted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Timers.Deleted += ack =>
        {
            if (ack >= key) deleted.TrySetResult();
        };
        Assert.Single(await harness.StoredAsync(ShardTaskCategory.Timer));

        await harness.Executor.DoneFor("timer").Task.WaitAsync(Wait);
        // Deleted within the safety margin plus a few ack ticks (which a loaded machine can delay by
        // seconds), not a minute later.
        await deleted.Task.WaitAsync(TimerQueueProcessor.AckSafetyMargin + TimeSpan.FromSeconds(20));
        Assert.Empty(await harness.StoredAsync(ShardTaskCategory.Timer));
    }
}
