using Fencepost.Engine.History;
using Fencepost.Engine.Hosting;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Temporalio.Client;
using Temporalio.Worker;

namespace Fencepost.Engine.Tests.Queues;

/// <summary>
/// A whole engine with one shard and a real SDK worker: a workflow sleeping 60 days (longer than a
/// single .NET timer can wait) must not stop the other timers of its shard.
/// </summary>
public class LongTimerEngineTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WorkflowSleeping60Days_IsShardsEarliestTimer_OtherWorkflowsTimerStillFires()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection([
            new("Fencepost:Frontend:Port", "0"),
            new("Fencepost:History:ShardCount", "1"),
            new("Fencepost:Store:Kind", "embedded"),
        ]);
        builder.Logging.ClearProviders();
        builder.AddFencepostEngine();
        await using var app = builder.Build();
        app.MapFencepostEngine();
        await app.StartAsync();
        try
        {
            var client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(app.Services.GetRequiredService<IFrontendEndpoint>().Target) { Namespace = "default" });
            var queue = $"tq-{Guid.NewGuid():N}";
            using var worker = new TemporalWorker(client, new TemporalWorkerOptions(queue).AddWorkflow<LongSleepWorkflow>().AddWorkflow<ShortTimerWorkflow>());
            await worker.ExecuteAsync(async () =>
            {
                // A one-second workflow task timeout: its timer is due soon, and then the 60-day timer is the shard's earliest.
                var sleeper = await client.StartWorkflowAsync((LongSleepWorkflow wf) => wf.RunAsync(60),
                    new WorkflowOptions($"sleeper-{Guid.NewGuid():N}", queue) { TaskTimeout = TimeSpan.FromSeconds(1) });
                await WaitForTimerStartedAsync(sleeper).WaitAsync(Wait);
                await WaitUntilOnlyLongTimersLeftAsync(app.Services).WaitAsync(Wait);

                var result = await client.ExecuteWorkflowAsync((ShortTimerWorkflow wf) => wf.RunAsync(),
                    new WorkflowOptions($"short-{Guid.NewGuid():N}", queue)).WaitAsync(Wait);

                Assert.Equal("fired", result);
                await sleeper.TerminateAsync("test done");
            });
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private static async Task WaitForTimerStartedAsync(WorkflowHandle sleeper)
    {
        await foreach (var historyEvent in sleeper.FetchHistoryEventsAsync(new WorkflowHistoryEventFetchOptions { WaitNewEvent = true }))
        {
            if (historyEvent.TimerStartedEventAttributes is not null)
            {
                return;
            }
        }
        throw new InvalidOperationException("The sleeper's history ended without a TimerStarted event.");
    }

    /// <summary>Returns once every timer task of the shard due within a day has fired and been deleted.</summary>
    private static async Task WaitUntilOnlyLongTimersLeftAsync(IServiceProvider services)
    {
        var store = services.GetRequiredService<IPersistenceStore>();
        var queue = services.GetRequiredService<ShardController>().TimerQueueOf(0)!;
        async Task<ShardTaskKey?> LastShortTimerAsync()
        {
            var stored = await store.ShardTasks.GetTasksAsync(0, ShardTaskCategory.Timer,
                new ShardTaskKey(DateTimeOffset.MinValue, 0), new ShardTaskKey(DateTimeOffset.MaxValue, long.MaxValue), 1_000);
            var soon = stored.Where(t => t.VisibilityTime < DateTimeOffset.UtcNow.AddDays(1)).ToList();
            return soon.Count == 0 ? null : new ShardTaskKey(soon[^1].VisibilityTime, soon[^1].TaskId);
        }

        // Boxed so the delete callback (another thread) reads it with Volatile.
        object? target = null;
        var deleted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        queue.Deleted += ack =>
        {
            if (Volatile.Read(ref target) is ShardTaskKey last && ack >= last) deleted.TrySetResult();
        };
        if (await LastShortTimerAsync() is { } lastShort)
        {
            Volatile.Write(ref target, (object)lastShort);
            if (await LastShortTimerAsync() is not null)
            {
                await deleted.Task;
            }
        }
    }
}
