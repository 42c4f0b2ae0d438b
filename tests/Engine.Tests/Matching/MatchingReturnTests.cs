using System.Diagnostics.Metrics;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Matching;
using Fencepost.Engine.Metrics;
using Fencepost.Engine.Tests.Persistence.Embedded;
using Microsoft.Extensions.DependencyInjection;

namespace Fencepost.Engine.Tests.Matching;

/// <summary>
/// A task matching handed out whose start failed while the store was away comes back without a
/// store write, so the next poll still gets it (dropped, its run would wait forever).
/// </summary>
public class MatchingReturnTests
{
    private static readonly IMeterFactory Meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

    private static MatchingTaskData Task(string workflowId) => new() { NamespaceId = Guid.Empty, WorkflowId = workflowId, RunId = Guid.NewGuid(), ScheduledEventId = 2, Attempt = 1 };

    private static async Task<MatchingEngine> CreateAsync()
    {
        var store = EmbeddedStoreFactory.Create(TimeProvider.System);
        await store.InitializeAsync();
        return new MatchingEngine(store, new InMemoryDynamicConfig(), new EngineInstruments(Meters), TimeProvider.System);
    }

    [Fact]
    public async Task ReturnUnpersisted_NoPollerWaiting_NextPollGetsTheTask()
    {
        var matching = await CreateAsync();
        var namespaceId = Guid.NewGuid();
        var queue = $"tq-{Guid.NewGuid():N}";

        matching.ReturnUnpersisted(namespaceId, "default", queue, MatchingEngine.WorkflowTaskType, Task("kept"));
        var polled = await matching.PollAsync(namespaceId, "default", queue, MatchingEngine.WorkflowTaskType, "poller", DateTime.MaxValue, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("kept", polled?.Data?.WorkflowId);
    }

    [Fact]
    public async Task ReturnUnpersisted_PollerWaiting_HandedToIt()
    {
        var matching = await CreateAsync();
        var namespaceId = Guid.NewGuid();
        var queue = $"tq-{Guid.NewGuid():N}";
        // A first poll creates the queue and its partitions; the second waits for a task.
        Assert.Null(await matching.PollAsync(namespaceId, "default", queue, MatchingEngine.ActivityTaskType, "poller", DateTime.UtcNow.AddSeconds(1), CancellationToken.None));
        var waiting = matching.PollAsync(namespaceId, "default", queue, MatchingEngine.ActivityTaskType, "poller", DateTime.MaxValue, CancellationToken.None);
        await WaitForPollerAsync(matching, namespaceId, queue);

        matching.ReturnUnpersisted(namespaceId, "default", queue, MatchingEngine.ActivityTaskType, Task("handed"));

        Assert.Equal("handed", (await waiting.WaitAsync(TimeSpan.FromSeconds(10)))?.Data?.WorkflowId);
    }

    private static async Task WaitForPollerAsync(MatchingEngine matching, Guid namespaceId, string queue)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (matching.Find(namespaceId, queue, MatchingEngine.ActivityTaskType)?.WaitingPollers is not > 0)
        {
            await System.Threading.Tasks.Task.Delay(10, timeout.Token);
        }
    }
}
