using Fencepost.TestUtilities.Postgres;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.Sdk.Tests.Schedules;

/// <summary>
/// The schedule clock cases on PostgreSQL, and the engine restarted: a schedule whose actions fell
/// due while no engine ran catches up within its window, and what was started before is never started again.
/// </summary>
public class PostgresScheduleClockTests : ScheduleClockTests
{
    private PostgresServer? _server;
    private string _connectionString = "";

    protected override async Task<IReadOnlyList<KeyValuePair<string, string?>>> StoreSettingsAsync()
    {
        if (_connectionString.Length == 0)
        {
            _server = await PostgresServer.GetAsync();
            _connectionString = await _server.CreateDatabaseAsync("schedule-clock");
        }
        return
        [
            new("Fencepost:Store:Kind", "postgres"),
            new("Fencepost:Store:ConnectionString", _connectionString),
            new("Fencepost:Store:Target", "PostgreSql"),
        ];
    }

    [Fact]
    public async Task RestartEngine_ActionsDueWhileDown_CatchUpWithinWindowAndNothingStartsTwice()
    {
        var id = $"sched-{Guid.NewGuid():N}";
        var workflowId = $"wf-{Guid.NewGuid():N}";
        var schedule = Schedule(workflowId, TimeSpan.FromMinutes(1), Temporalio.Api.Enums.V1.ScheduleOverlapPolicy.AllowAll);
        await Client.CreateScheduleAsync(id, schedule with { Policy = schedule.Policy with { CatchupWindow = TimeSpan.FromMinutes(10) } });
        await AdvanceToNextWakeAsync(TimeSpan.FromSeconds(30));
        await WaitAsync(id, d => d.Info.ActionCount == 1, "the first action before the restart");
        await StopEngineAsync();

        // An hour later a new engine starts on the same database.
        var (app, client, _) = await StartAsync(Start + TimeSpan.FromSeconds(30) + TimeSpan.FromHours(1));
        try
        {
            var raw = await ScheduleWait.UntilAsync(
                () => client.WorkflowService.DescribeScheduleAsync(new DescribeScheduleRequest { Namespace = "default", ScheduleId = id }),
                d => d.Info.ActionCount == 12, "the actions inside the catch-up window after the restart");
            // Due while down: 00:02 ... 01:01; at 01:01:00 those before 00:51 are more than ten minutes old.
            Assert.Equal(49, raw.Info.MissedCatchupWindow);
            var started = new List<string>();
            await foreach (var workflow in client.ListWorkflowsAsync($"WorkflowId STARTS_WITH '{workflowId}-'"))
            {
                started.Add(workflow.Id);
            }
            Assert.Equal(12, started.Count);
            Assert.Equal(12, started.Distinct().Count());
            Assert.Contains($"{workflowId}-2026-12-01T00:01:00Z", started);
            Assert.Contains($"{workflowId}-2026-12-01T01:01:00Z", started);
        }
        finally
        {
            await EngineFixture.StopEngineAsync(app);
        }
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_server is not null && _connectionString.Length > 0)
        {
            await _server.DropDatabaseAsync(_connectionString);
        }
    }
}
