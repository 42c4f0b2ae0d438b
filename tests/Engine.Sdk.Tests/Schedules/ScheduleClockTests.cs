using Fencepost.TestUtilities.Time;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Client.Schedules;

namespace Fencepost.Engine.Sdk.Tests.Schedules;

/// <summary>
/// Schedules on the engine's clock: fake time (the SDK client is real) moves the schedule through
/// its spec. The base class runs each case on the embedded store; <see cref="PostgresScheduleClockTests"/>
/// runs them on PostgreSQL and adds the ones that restart the engine.
/// </summary>
public class ScheduleClockTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 30, TimeSpan.Zero);
    protected static readonly TimeSpan ArmWait = TimeSpan.FromSeconds(30);

    private WebApplication? _app;

    protected TimerWatchingTimeProvider Time { get; private set; } = null!;

    protected TemporalClient Client { get; private set; } = null!;

    protected virtual Task<IReadOnlyList<KeyValuePair<string, string?>>> StoreSettingsAsync() =>
        Task.FromResult<IReadOnlyList<KeyValuePair<string, string?>>>([new("Fencepost:Store:Kind", "embedded")]);

    public async Task InitializeAsync() => (_app, Client, Time) = await StartAsync(Start);

    public virtual Task DisposeAsync() => StopEngineAsync();

    /// <summary>Stops this test's engine (a restart test then starts another on the same store).</summary>
    protected async Task StopEngineAsync()
    {
        if (_app is not null)
        {
            await EngineFixture.StopEngineAsync(_app);
            _app = null;
        }
    }

    [Fact]
    public async Task IntervalSchedule_ClockReachesEachInterval_StartsOneWorkflowEach()
    {
        var id = $"sched-{Guid.NewGuid():N}";
        var workflowId = $"wf-{Guid.NewGuid():N}";
        var handle = await Client.CreateScheduleAsync(id, Schedule(workflowId, TimeSpan.FromMinutes(1), ScheduleOverlapPolicy.AllowAll));
        var described = await handle.DescribeAsync();
        Assert.Equal(new DateTime(2026, 12, 1, 0, 1, 0, DateTimeKind.Utc), described.Info.NextActionTimes.First());

        await AdvanceToNextWakeAsync(TimeSpan.FromSeconds(30));
        await WaitAsync(id, d => d.Info.ActionCount == 1, "the first interval's action");
        await AdvanceToNextWakeAsync(TimeSpan.FromMinutes(1));
        var raw = await WaitAsync(id, d => d.Info.ActionCount == 2, "the second interval's action");

        Assert.Equal([$"{workflowId}-2026-12-01T00:01:00Z", $"{workflowId}-2026-12-01T00:02:00Z"], raw.Info.RecentActions.Select(a => a.StartWorkflowResult.WorkflowId));
        var started = await Client.GetWorkflowHandle($"{workflowId}-2026-12-01T00:02:00Z").DescribeAsync();
        Assert.Equal(WorkflowExecutionStatus.Running, started.Status);
        Assert.Equal(new DateTime(2026, 12, 1, 0, 2, 0, DateTimeKind.Utc), started.StartTime);
    }

    [Fact]
    public async Task ClockJumpsAnHour_CatchupWindowTenMinutes_OlderActionsMissedNewerTaken()
    {
        var id = $"sched-{Guid.NewGuid():N}";
        var schedule = Schedule($"wf-{Guid.NewGuid():N}", TimeSpan.FromMinutes(1), ScheduleOverlapPolicy.AllowAll);
        await Client.CreateScheduleAsync(id, schedule with { Policy = schedule.Policy with { CatchupWindow = TimeSpan.FromMinutes(10) } });
        await Time.WaitUntilArmedAsync(TimeSpan.FromSeconds(30), ArmWait);

        // Nothing woke the schedule for an hour: as if the engine had been down.
        Time.Advance(TimeSpan.FromMinutes(60));
        var raw = await WaitAsync(id, d => d.Info.ActionCount == 10, "the ten actions inside the catch-up window");
        // 00:01 ... 01:00 were due; at 01:00:30 those more than ten minutes old (00:01 ... 00:50) are missed.
        Assert.Equal(50, raw.Info.MissedCatchupWindow);
        Assert.Equal(new DateTime(2026, 12, 1, 0, 51, 0, DateTimeKind.Utc), raw.Info.RecentActions.First().ScheduleTime.ToDateTime());
    }

    [Fact]
    public async Task PauseOnFailure_TriggeredWorkflowTimesOut_SchedulePausesWithANote()
    {
        var id = $"sched-{Guid.NewGuid():N}";
        var workflowId = $"wf-{Guid.NewGuid():N}";
        var schedule = Schedule(workflowId, TimeSpan.FromDays(1), ScheduleOverlapPolicy.Skip);
        await Client.CreateScheduleAsync(id, schedule with
        {
            Action = ScheduleActionStartWorkflow.Create("WaitForeverWorkflow", [], new WorkflowOptions(workflowId, $"tq-{Guid.NewGuid():N}") { ExecutionTimeout = TimeSpan.FromMinutes(1) }),
            Policy = schedule.Policy with { PauseOnFailure = true },
        }, new ScheduleOptions { TriggerImmediately = true });
        await WaitAsync(id, d => d.Info.ActionCount == 1, "the triggered action");

        await Time.WaitUntilArmedAsync(TimeSpan.FromMinutes(1), ArmWait);
        Time.Advance(TimeSpan.FromMinutes(1));
        var raw = await WaitAsync(id, d => d.Schedule.State.Paused, "the schedule to pause after the timeout");
        Assert.StartsWith("paused due to workflow timeout", raw.Schedule.State.Notes, StringComparison.Ordinal);
        Assert.Equal(WorkflowExecutionStatus.TimedOut, raw.Info.RecentActions.Single().StartWorkflowStatus);
        Assert.Empty(raw.Info.RunningWorkflows);
    }

    [Fact]
    public async Task LimitedActions_TwoRemaining_StopsAfterTwo()
    {
        var id = $"sched-{Guid.NewGuid():N}";
        var schedule = Schedule($"wf-{Guid.NewGuid():N}", TimeSpan.FromMinutes(1), ScheduleOverlapPolicy.AllowAll);
        await Client.CreateScheduleAsync(id, schedule with { State = new ScheduleState { LimitedActions = true, RemainingActions = 2 } });
        Assert.Equal(2, (await Client.GetScheduleHandle(id).DescribeAsync()).Info.NextActionTimes.Count);

        await Time.WaitUntilArmedAsync(TimeSpan.FromSeconds(30), ArmWait);
        Time.Advance(TimeSpan.FromMinutes(5));
        var raw = await WaitAsync(id, d => d.Info.ActionCount == 2, "the two allowed actions");
        Assert.Equal(0, raw.Schedule.State.RemainingActions);
        Assert.Empty(raw.Info.FutureActionTimes);
        Assert.Equal(0, raw.Info.MissedCatchupWindow);
    }

    protected static Schedule Schedule(string workflowId, TimeSpan every, ScheduleOverlapPolicy overlap) => new(
        Action: ScheduleActionStartWorkflow.Create("WaitForeverWorkflow", [], new WorkflowOptions(workflowId, $"tq-{Guid.NewGuid():N}")),
        Spec: new ScheduleSpec { Intervals = [new ScheduleIntervalSpec(Every: every)] })
    {
        Policy = new SchedulePolicy { Overlap = overlap },
    };

    protected async Task<(WebApplication App, TemporalClient Client, TimerWatchingTimeProvider Time)> StartAsync(DateTimeOffset at)
    {
        var time = new TimerWatchingTimeProvider(at);
        var (app, client) = await EngineFixture.StartEngineAsync(await StoreSettingsAsync(), services => services.AddSingleton<TimeProvider>(time));
        return (app, client, time);
    }

    /// <summary>Waits until the shard's timer loop waits for the wake-up due <paramref name="due"/> from now, then moves the clock there.</summary>
    protected async Task AdvanceToNextWakeAsync(TimeSpan due)
    {
        await Time.WaitUntilArmedAsync(due, ArmWait);
        Time.Advance(due);
    }

    protected Task<DescribeScheduleResponse> WaitAsync(string scheduleId, Func<DescribeScheduleResponse, bool> done, string what) =>
        ScheduleWait.UntilAsync(() => Client.WorkflowService.DescribeScheduleAsync(new DescribeScheduleRequest { Namespace = "default", ScheduleId = scheduleId }), done, what);
}
