using Fencepost.Engine.Sdk.Tests.Workflows;
using Fencepost.TestUtilities.Postgres;
using Temporalio.Client;
using Temporalio.Worker;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>
/// Persisted state is the truth: an engine stopped mid-workflow and a new one started on the same
/// PostgreSQL database carry every open workflow on from what the store holds (timers, dispatch, backlog).
/// </summary>
public class EngineRestartTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task RestartEngine_MidWorkflow_EveryWorkflowCompletes()
    {
        KeyValuePair<string, string?>[] settings =
        [
            new("Fencepost:Store:Kind", "postgres"),
            new("Fencepost:Store:ConnectionString", database.ConnectionString),
        ];
        var queue = $"tq-{Guid.NewGuid():N}";
        var ids = Enumerable.Range(0, 10).Select(i => $"restart-{i}-{Guid.NewGuid():N}").ToList();

        // First engine: start the workflows; a worker takes their first task (timers start) and stops.
        var (first, firstClient) = await EngineFixture.StartEngineAsync(settings);
        try
        {
            using var worker = new TemporalWorker(firstClient, new TemporalWorkerOptions(queue).AddWorkflow<TimerThenSignalWorkflow>().AddAllActivities(typeof(GreetingActivities), null));
            await worker.ExecuteAsync(async () =>
            {
                foreach (var id in ids)
                {
                    var handle = await firstClient.StartWorkflowAsync((TimerThenSignalWorkflow wf) => wf.RunAsync(2_000), new WorkflowOptions(id, queue));
                    await WaitForTimerStartedAsync(handle);
                }
            }).WaitAsync(Timeout);
        }
        finally
        {
            await EngineFixture.StopEngineAsync(first);
        }

        // Second engine on the same database: timers fire from timer_tasks, signals and activities flow.
        var (second, client) = await EngineFixture.StartEngineAsync(settings);
        try
        {
            using var worker = new TemporalWorker(client, new TemporalWorkerOptions(queue).AddWorkflow<TimerThenSignalWorkflow>().AddAllActivities(typeof(GreetingActivities), null));
            var results = await worker.ExecuteAsync(() => Task.WhenAll(ids.Select(async id =>
            {
                var handle = client.GetWorkflowHandle<TimerThenSignalWorkflow>(id);
                await handle.SignalAsync(wf => wf.ProceedAsync(id));
                return await handle.GetResultAsync<string>();
            })).WaitAsync(Timeout));
            Assert.Equal(ids.Select(id => $"Hi from an activity, {id}"), results);
        }
        finally
        {
            await EngineFixture.StopEngineAsync(second);
        }
    }

    private static async Task WaitForTimerStartedAsync(WorkflowHandle handle)
    {
        // The history long poll returns as soon as new events exist; stop at TimerStarted.
        await foreach (var historyEvent in handle.FetchHistoryEventsAsync(new WorkflowHistoryEventFetchOptions { WaitNewEvent = true }))
        {
            if (historyEvent.EventType == Temporalio.Api.Enums.V1.EventType.TimerStarted)
            {
                return;
            }
        }
    }
}
