using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Matching;
using Fencepost.Engine.Metrics;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Tests.Persistence.Embedded;
using Microsoft.Extensions.DependencyInjection;
using Fencepost.TestUtilities.Time;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace Fencepost.Engine.Tests.Matching;

/// <summary>Each matching dynamic-config key changes what matching does.</summary>
public class MatchingConfigKeysTests
{
    private static readonly IMeterFactory Meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

    private static (MatchingEngine Matching, InMemoryDynamicConfig Config, Fencepost.Engine.Persistence.Embedded.EmbeddedPersistenceStore Store) Create(TimeProvider time)
    {
        var store = EmbeddedStoreFactory.Create(time);
        var config = new InMemoryDynamicConfig();
        return (new MatchingEngine(store, config, new EngineInstruments(Meters), time), config, store);
    }

    private static MatchingTaskData Task(int i) => new() { NamespaceId = Guid.Empty, WorkflowId = $"wf-{i}", RunId = Guid.NewGuid(), ScheduledEventId = 2, Attempt = 1 };

    [Fact]
    public async Task LongPollExpirationInterval_Shortened_EmptyPollAnswersAfterIt()
    {
        var time = new TimerWatchingTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture));
        var (matching, config, store) = Create(time);
        await store.InitializeAsync();
        config.Set(MatchingConfigKeys.LongPollExpirationInterval, TimeSpan.FromSeconds(5));
        var queue = $"tq-{Guid.NewGuid():N}";

        var poll = matching.PollAsync(Guid.NewGuid(), "default", queue, MatchingEngine.WorkflowTaskType, "poller", DateTime.MaxValue, CancellationToken.None);
        // The poller counts as waiting a moment before its expiry timer exists: advance only once
        // the 5 s timer is armed, or the advance would be lost and the poll would wait on.
        await time.WaitUntilArmedAsync(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(poll.IsCompleted, "the poll must still wait before the configured interval");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await poll.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task NumTaskqueueWritePartitions_Three_BacklogSpreadsOverPartitions()
    {
        var (matching, config, store) = Create(TimeProvider.System);
        await store.InitializeAsync();
        config.Set(MatchingConfigKeys.NumTaskqueueWritePartitions, 3);
        config.Set(MatchingConfigKeys.NumTaskqueueReadPartitions, 3);
        var namespaceId = Guid.NewGuid();
        var queue = $"tq-{Guid.NewGuid():N}";

        for (var i = 0; i < 30; i++)
        {
            await matching.AddTaskAsync(namespaceId, "default", queue, MatchingEngine.ActivityTaskType, Task(i), CancellationToken.None);
        }

        var used = 0;
        for (var partition = 0; partition < 3; partition++)
        {
            if (await store.TaskQueues.CountTasksAsync(new TaskQueueKey(namespaceId, queue, MatchingEngine.ActivityTaskType, partition)) > 0) used++;
        }
        Assert.True(used > 1, $"30 backlogged tasks landed in {used} partition(s)");
    }

    [Fact]
    public async Task NumTaskqueueWritePartitions_Default_BacklogInOnePartition()
    {
        var (matching, _, store) = Create(TimeProvider.System);
        await store.InitializeAsync();
        var namespaceId = Guid.NewGuid();
        var queue = $"tq-{Guid.NewGuid():N}";
        for (var i = 0; i < 10; i++)
        {
            await matching.AddTaskAsync(namespaceId, "default", queue, MatchingEngine.ActivityTaskType, Task(i), CancellationToken.None);
        }
        Assert.Equal(10, await store.TaskQueues.CountTasksAsync(new TaskQueueKey(namespaceId, queue, MatchingEngine.ActivityTaskType, 0)));
    }

    [Fact]
    public async Task NumTaskqueueReadPartitions_Four_PollLeasesAndDrainsFourPartitions()
    {
        var (matching, config, store) = Create(TimeProvider.System);
        await store.InitializeAsync();
        config.Set(MatchingConfigKeys.NumTaskqueueReadPartitions, 4);
        config.Set(MatchingConfigKeys.LongPollExpirationInterval, TimeSpan.FromMilliseconds(1));
        var namespaceId = Guid.NewGuid();
        var queue = $"tq-{Guid.NewGuid():N}";

        await matching.PollAsync(namespaceId, "default", queue, MatchingEngine.WorkflowTaskType, "poller", DateTime.MaxValue, CancellationToken.None);

        var leased = (await store.TaskQueues.ListTaskQueuesAsync()).Count(q => q.Key.NamespaceId == namespaceId && q.Key.Name == queue);
        Assert.Equal(4, leased);
    }

    [Fact]
    public async Task AddTask_PollerWaiting_SyncMatchWritesNoBacklog()
    {
        var (matching, _, store) = Create(TimeProvider.System);
        await store.InitializeAsync();
        var namespaceId = Guid.NewGuid();
        var queue = $"tq-{Guid.NewGuid():N}";
        var poll = matching.PollAsync(namespaceId, "default", queue, MatchingEngine.ActivityTaskType, "poller", DateTime.MaxValue, CancellationToken.None);
        await WaitUntilAsync(() => matching.Find(namespaceId, queue, MatchingEngine.ActivityTaskType) is { WaitingPollers: > 0 });

        await matching.AddTaskAsync(namespaceId, "default", queue, MatchingEngine.ActivityTaskType, Task(1), CancellationToken.None);

        var matched = await poll.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("wf-1", matched!.Data!.WorkflowId);
        Assert.Equal(0, await store.TaskQueues.CountTasksAsync(new TaskQueueKey(namespaceId, queue, MatchingEngine.ActivityTaskType, 0)));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the poller to register");
            await System.Threading.Tasks.Task.Yield();
        }
    }
}
