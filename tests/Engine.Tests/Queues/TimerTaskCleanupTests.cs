using Fencepost.Engine.History;
using Fencepost.Engine.Hosting;
using Fencepost.Engine.Namespaces;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;
using Fencepost.Engine.Queues;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Temporalio.Client;
using Temporalio.Worker;

namespace Fencepost.Engine.Tests.Queues;

/// <summary>A whole engine with a real SDK worker: a finished timer workflow leaves no timer rows behind for long.</summary>
public class TimerTaskCleanupTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TimerWorkflow_Completes_ShardTimerTableEmptiedWithinSeconds()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection([
            new("Fencepost:Frontend:Port", "0"),
            new("Fencepost:History:ShardCount", "4"),
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
            var id = $"wf-{Guid.NewGuid():N}";
            using (var worker = new TemporalWorker(client, new TemporalWorkerOptions(queue).AddWorkflow<ShortTimerWorkflow>()))
            {
                // A one-second workflow task timeout, so the task timeout timers are due soon after the run ends.
                var result = await worker.ExecuteAsync(() => client.ExecuteWorkflowAsync((ShortTimerWorkflow wf) => wf.RunAsync(),
                    new WorkflowOptions(id, queue) { TaskTimeout = TimeSpan.FromSeconds(1) }).WaitAsync(Wait));
                Assert.Equal("fired", result);
            }

            var ns = await app.Services.GetRequiredService<NamespaceRegistry>().GetAsync("default", CancellationToken.None);
            var controller = app.Services.GetRequiredService<ShardController>();
            var shardId = ShardResolver.GetShardId(ns.Id, id, controller.ShardCount);
            var store = app.Services.GetRequiredService<IPersistenceStore>();
            Task<IReadOnlyList<ShardTaskRecord>> AllStoredTimers() => store.ShardTasks.GetTasksAsync(shardId, ShardTaskCategory.Timer,
                new ShardTaskKey(DateTimeOffset.MinValue, 0), new ShardTaskKey(DateTimeOffset.MaxValue, long.MaxValue), 1_000);
            // The run's retention timer (days away) stays until it deletes the run; every other timer goes.
            static bool IsRetention(ShardTaskRecord task) => ShardTaskSerializer.Deserialize(task.Data).Kind == ShardTaskKind.DeleteExecution;
            async Task<IReadOnlyList<ShardTaskRecord>> StoredTimers() => [.. (await AllStoredTimers()).Where(t => !IsRetention(t))];

            // Boxed so the delete callback (another thread) reads it with Volatile.
            object? target = null;
            var deleted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            controller.TimerQueueOf(shardId)!.Deleted += ack =>
            {
                if (Volatile.Read(ref target) is ShardTaskKey last && ack >= last) deleted.TrySetResult();
            };
            // The task timeout timers come due a second after the run's last workflow task started.
            // A loaded machine can take longer than that (plus the ack margin) to get here, and then
            // finds them deleted already, which is the claim; else they must go within seconds.
            var stored = await StoredTimers();
            if (stored.Count > 0)
            {
                var lastStored = stored[^1];
                Volatile.Write(ref target, (object)new ShardTaskKey(lastStored.VisibilityTime, lastStored.TaskId));
                if ((await StoredTimers()).Count > 0)
                {
                    await deleted.Task.WaitAsync(TimeSpan.FromSeconds(15));
                }
            }
            Assert.Empty(await StoredTimers());
            Assert.Single(await AllStoredTimers(), IsRetention);
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
