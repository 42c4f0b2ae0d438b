using Fencepost.TestUtilities.Postgres;
using Temporalio.Client;
using Temporalio.Worker;

namespace Fencepost.Engine.Sdk.Tests.Updates;

/// <summary>
/// An update's outcome is durable: after the engine restarts on the same PostgreSQL database, a
/// completed update answers from history (a repeated request and a poll, with no worker running),
/// and one accepted before the restart completes after it.
/// </summary>
public class UpdateRestartTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task RestartEngine_AfterUpdates_CompletedOutcomeIsKeptAndTheAcceptedOneCompletes()
    {
        KeyValuePair<string, string?>[] settings =
        [
            new("Fencepost:Store:Kind", "postgres"),
            new("Fencepost:Store:ConnectionString", database.ConnectionString),
        ];
        var queue = $"tq-{Guid.NewGuid():N}";
        var id = $"update-restart-{Guid.NewGuid():N}";

        var (first, firstClient) = await EngineFixture.StartEngineAsync(settings);
        string heldUpdateId;
        try
        {
            using var worker = new TemporalWorker(firstClient, Options(queue));
            heldUpdateId = await worker.ExecuteAsync(async () =>
            {
                var handle = await firstClient.StartWorkflowAsync((UpdateWorkflow wf) => wf.RunAsync(false), new WorkflowOptions(id, queue));
                await handle.ExecuteUpdateAsync(wf => wf.AddAsync("before"), new WorkflowUpdateOptions("completed-before"));
                var held = await handle.StartUpdateAsync(wf => wf.WaitForReleaseAsync("across"), new WorkflowUpdateStartOptions(WorkflowUpdateStage.Accepted));
                return held.Id;
            }).WaitAsync(Timeout);
        }
        finally
        {
            await EngineFixture.StopEngineAsync(first);
        }

        var (second, client) = await EngineFixture.StartEngineAsync(settings);
        try
        {
            var handle = client.GetWorkflowHandle<UpdateWorkflow>(id);
            // No worker yet: only what the store holds can answer these.
            var repeated = await handle.ExecuteUpdateAsync(wf => wf.AddAsync("ignored"), new WorkflowUpdateOptions("completed-before")).WaitAsync(Timeout);
            var polled = await handle.GetUpdateHandle<int>("completed-before").GetResultAsync().WaitAsync(Timeout);
            Assert.Equal(1, repeated);
            Assert.Equal(1, polled);

            using var worker = new TemporalWorker(client, Options(queue));
            var (held, result) = await worker.ExecuteAsync(async () =>
            {
                await handle.SignalAsync(wf => wf.ReleaseAsync("across"));
                var held = await handle.GetUpdateHandle<string>(heldUpdateId).GetResultAsync();
                await handle.SignalAsync(wf => wf.FinishAsync());
                return (held, await handle.GetResultAsync<string>());
            }).WaitAsync(Timeout);
            Assert.Equal("released across", held);
            Assert.Equal("before,across", result);
        }
        finally
        {
            await EngineFixture.StopEngineAsync(second);
        }
    }

    private static TemporalWorkerOptions Options(string queue) =>
        new TemporalWorkerOptions(queue).AddWorkflow<UpdateWorkflow>().AddAllActivities(typeof(UpdateActivities), null);
}
