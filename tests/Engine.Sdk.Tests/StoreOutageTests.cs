using System.Globalization;
using System.Text;
using Fencepost.Engine.Sdk.Tests.Workflows;
using Fencepost.TestUtilities.Postgres;
using Microsoft.AspNetCore.Builder;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Worker;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>
/// PostgreSQL goes away under a running engine and comes back (a server of this class's own, so
/// other tests keep theirs): what the SDK started before, during and after the outage all completes,
/// and no start the SDK made fails, even when the outage outlasts the SDK's own retries.
/// </summary>
public sealed class StoreOutageTests : IAsyncLifetime
{
    /// <summary>Longer than the SDK core's own retries of an UNAVAILABLE call (about 10 s): only a server that holds requests gets them through.</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(12);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private DedicatedPostgresServer _server = null!;
    private WebApplication _app = null!;
    private TemporalClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await DedicatedPostgresServer.StartAsync();
        var connectionString = await _server.CreateDatabaseAsync("outage");
        (_app, _client) = await EngineFixture.StartEngineAsync([
            new("Fencepost:Store:Kind", "postgres"),
            new("Fencepost:Store:ConnectionString", connectionString),
            new("Fencepost:Store:Target", "PostgreSql"),
            new("Fencepost:Store:MaxPoolSize", "10"),
        ]);
    }

    public async Task DisposeAsync()
    {
        await EngineFixture.StopEngineAsync(_app);
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task StopPostgresLongerThanTheSdkRetries_WorkflowsStartedBeforeDuringAndAfter_AllCompleteAndNoStartFails()
    {
        var queue = $"outage-{Guid.NewGuid():N}";
        using var worker = new TemporalWorker(_client, new TemporalWorkerOptions(queue).AddWorkflow<ActivityWorkflow>().AddAllActivities(typeof(GreetingActivities), null));
        await worker.ExecuteAsync(async () =>
        {
            var before = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => StartAsync(queue, $"before-{i}")));

            await _server.StopFastAsync();
            var during = Enumerable.Range(0, 10).Select(i => StartAsync(queue, $"during-{i}")).ToList();
            // The outage itself: how long the server stays down is this scenario's input, not a wait for a condition.
            await Task.Delay(Outage);
            await _server.StartAgainAsync();

            var after = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => StartAsync(queue, $"after-{i}")));
            WorkflowHandle<ActivityWorkflow, string>[] all = [.. before, .. await Task.WhenAll(during).WaitAsync(Patience), .. after];
            var results = all.Select(h => h.GetResultAsync()).ToList();
            try
            {
                await Task.WhenAll(results).WaitAsync(Patience);
            }
            catch (TimeoutException)
            {
                Assert.Fail(await DescribeStuckAsync(all, results));
            }

            Assert.Equal(all.Select(h => $"Hi from an activity, {h.Id}"), results.Select(r => r.Result));
        }).WaitAsync(Patience * 2);
    }

    /// <summary>What each unfinished run is waiting for, so a failure here says where the work stopped.</summary>
    private async Task<string> DescribeStuckAsync(WorkflowHandle<ActivityWorkflow, string>[] all, List<Task<string>> results)
    {
        var text = new StringBuilder($"Not finished within {Patience}:");
        for (var i = 0; i < all.Length; i++)
        {
            if (results[i].IsCompleted)
            {
                continue;
            }
            var described = await _client.WorkflowService.DescribeWorkflowExecutionAsync(new DescribeWorkflowExecutionRequest
            {
                Namespace = "default",
                Execution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = all[i].Id },
            });
            var events = new List<string>();
            await foreach (var e in all[i].FetchHistoryEventsAsync())
            {
                events.Add($"{e.EventId}:{e.EventType}");
            }
            text.Append(CultureInfo.InvariantCulture, $"\n{all[i].Id}: pending workflow task {described.PendingWorkflowTask}, pending activities [{string.Join(", ", described.PendingActivities)}], history {string.Join(" ", events)}");
        }
        return text.ToString();
    }

    private Task<WorkflowHandle<ActivityWorkflow, string>> StartAsync(string queue, string name) =>
        _client.StartWorkflowAsync((ActivityWorkflow wf) => wf.RunAsync($"{name}-{queue}"), new WorkflowOptions($"{name}-{queue}", queue));
}
