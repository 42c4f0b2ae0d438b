using Fencepost.Engine.Sdk.Tests.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client.Schedules;
using Temporalio.Common;
using Temporalio.Exceptions;

namespace Fencepost.Engine.Sdk.Tests.Schedules;

/// <summary>Schedules through the .NET SDK's schedule API: create, describe, list, update, pause, trigger, delete, and the errors it maps.</summary>
public class ScheduleLifecycleTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>
{
    private static readonly SearchAttributeKey<string> Team = SearchAttributeKey.CreateKeyword("Team");

    [Fact]
    public async Task CreateSchedule_DescribeListUpdatePauseDelete_RoundTrips()
    {
        var id = NewId("sched");
        var handle = await Client.CreateScheduleAsync(id, new Schedule(
            Action: ScheduleActionStartWorkflow.Create((GreetingWorkflow wf) => wf.RunAsync("sched"), new(id: NewId("wf"), taskQueue: NewId("tq"))),
            Spec: new ScheduleSpec { Intervals = [new ScheduleIntervalSpec(Every: TimeSpan.FromHours(1), Offset: TimeSpan.FromMinutes(5))] })
        {
            State = new ScheduleState { Paused = true, Note = "created paused" },
        }, new ScheduleOptions
        {
            Memo = new Dictionary<string, object> { ["owner"] = "ops" },
            TypedSearchAttributes = new SearchAttributeCollection.Builder().Set(Team, "payments").ToSearchAttributeCollection(),
        });

        var described = await handle.DescribeAsync();
        var interval = Assert.Single(described.Schedule.Spec.Intervals);
        Assert.Equal(TimeSpan.FromHours(1), interval.Every);
        Assert.Equal(TimeSpan.FromMinutes(5), interval.Offset);
        Assert.True(described.Schedule.State.Paused);
        Assert.Equal("created paused", described.Schedule.State.Note);
        Assert.Equal(ScheduleOverlapPolicy.Skip, described.Schedule.Policy.Overlap);
        Assert.Equal("ops", await described.Memo["owner"].ToValueAsync<string>());
        Assert.Equal("payments", described.TypedSearchAttributes.Get(Team));
        Assert.Equal(10, described.Info.NextActionTimes.Count);
        Assert.All(described.Info.NextActionTimes, t => Assert.Equal(5, t.Minute));
        Assert.Equal(0, described.Info.NumActions);

        var listed = await ListAsync($"ScheduleId = '{id}'");
        var entry = Assert.Single(listed);
        Assert.Equal(id, entry.Id);
        Assert.True(entry.Schedule!.State.Paused);
        Assert.Equal("GreetingWorkflow", ((ScheduleListActionStartWorkflow)entry.Schedule!.Action).Workflow);
        Assert.Equal("ops", await entry.Memo["owner"].ToValueAsync<string>());

        await handle.UnpauseAsync("back on");
        await handle.UpdateAsync(input => new ScheduleUpdate(input.Description.Schedule with
        {
            Spec = new ScheduleSpec { CronExpressions = ["CRON_TZ=Europe/Berlin 0 2 * * *"] },
        }));
        var updated = await handle.DescribeAsync();
        Assert.False(updated.Schedule.State.Paused);
        Assert.Equal("back on", updated.Schedule.State.Note);
        Assert.NotNull(updated.Info.LastUpdatedAt);
        var calendar = Assert.Single(updated.Schedule.Spec.Calendars);
        Assert.Equal(2, Assert.Single(calendar.Hour).Start);
        Assert.Equal("Europe/Berlin", updated.Schedule.Spec.TimeZoneName);
        // 02:00 in Berlin is 00:00 or 01:00 UTC.
        Assert.All(updated.Info.NextActionTimes, t => Assert.Contains(t.Hour, new[] { 0, 1 }));

        await handle.PauseAsync("maintenance");
        Assert.Equal("maintenance", (await handle.DescribeAsync()).Schedule.State.Note);

        await handle.DeleteAsync();
        var gone = await Assert.ThrowsAsync<RpcException>(() => handle.DescribeAsync());
        Assert.Equal(RpcException.StatusCode.NotFound, gone.Code);
        Assert.Empty(await ListAsync($"ScheduleId = '{id}'"));
    }

    [Fact]
    public async Task CreateSchedule_DuplicateId_ScheduleAlreadyRunning()
    {
        var id = NewId("sched");
        var schedule = PausedHourly(NewId("wf"), NewId("tq"));
        await Client.CreateScheduleAsync(id, schedule);
        await Assert.ThrowsAsync<ScheduleAlreadyRunningException>(() => Client.CreateScheduleAsync(id, schedule));
    }

    [Fact]
    public async Task DeleteSchedule_ThenCreateAgain_TheIdIsFree()
    {
        var id = NewId("sched");
        var handle = await Client.CreateScheduleAsync(id, PausedHourly(NewId("wf"), NewId("tq")));
        await handle.DeleteAsync();
        await Client.CreateScheduleAsync(id, PausedHourly(NewId("wf"), NewId("tq")));
        Assert.True((await handle.DescribeAsync()).Schedule.State.Paused);
    }

    [Theory]
    [InlineData("timezone", "Schedule.Spec.TimezoneName")]
    [InlineData("end-before-start", "Schedule.Spec.EndTime")]
    [InlineData("no-task-queue", "Schedule.Action.StartWorkflow.TaskQueue")]
    [InlineData("cron", "Schedule.Spec.CronString[0]")]
    [InlineData("calendar", "Schedule.Spec.Calendar[0].Hour")]
    public async Task CreateSchedule_BadInput_InvalidArgumentNamingTheField(string problem, string field)
    {
        var schedule = RawSchedule(NewId("wf"), NewId("tq"));
        switch (problem)
        {
            case "timezone":
                schedule.Spec.TimezoneName = "Europe/Atlantis";
                break;
            case "end-before-start":
                schedule.Spec.StartTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(2));
                schedule.Spec.EndTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1));
                break;
            case "no-task-queue":
                schedule.Action.StartWorkflow.TaskQueue = null;
                break;
            case "cron":
                schedule.Spec.CronString.Add("every day at noon");
                break;
            default:
                schedule.Spec.Calendar.Add(new Temporalio.Api.Schedule.V1.CalendarSpec { Hour = "25" });
                break;
        }
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.WorkflowService.CreateScheduleAsync(new CreateScheduleRequest
        {
            Namespace = "default",
            ScheduleId = NewId("sched"),
            Schedule = schedule,
            RequestId = Guid.NewGuid().ToString(),
        }));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateSchedule_StaleConflictToken_FailedPreconditionAndUnchanged()
    {
        var id = NewId("sched");
        var created = await Client.WorkflowService.CreateScheduleAsync(new CreateScheduleRequest
        {
            Namespace = "default",
            ScheduleId = id,
            Schedule = RawSchedule(NewId("wf"), NewId("tq")),
            RequestId = Guid.NewGuid().ToString(),
        });
        var handle = Client.GetScheduleHandle(id);
        await handle.PauseAsync("moves the token on");
        var stale = RawSchedule(NewId("wf"), NewId("tq"));
        stale.State.Notes = "stale update";
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.WorkflowService.UpdateScheduleAsync(new UpdateScheduleRequest
        {
            Namespace = "default",
            ScheduleId = id,
            Schedule = stale,
            ConflictToken = created.ConflictToken,
            RequestId = Guid.NewGuid().ToString(),
        }));
        Assert.Equal(RpcException.StatusCode.FailedPrecondition, error.Code);
        Assert.Equal("moves the token on", (await handle.DescribeAsync()).Schedule.State.Note);

        var current = await Client.WorkflowService.DescribeScheduleAsync(new DescribeScheduleRequest { Namespace = "default", ScheduleId = id });
        await Client.WorkflowService.UpdateScheduleAsync(new UpdateScheduleRequest
        {
            Namespace = "default",
            ScheduleId = id,
            Schedule = stale,
            ConflictToken = current.ConflictToken,
            RequestId = Guid.NewGuid().ToString(),
        });
        Assert.Equal("stale update", (await handle.DescribeAsync()).Schedule.State.Note);
    }

    [Fact]
    public async Task TriggerSchedule_WithWorker_StartedWorkflowCarriesScheduleMemoAndAttributes()
    {
        var id = NewId("sched");
        var queue = NewId("tq");
        var workflowId = NewId("wf");
        var handle = await Client.CreateScheduleAsync(id, new Schedule(
            Action: ScheduleActionStartWorkflow.Create((GreetingWorkflow wf) => wf.RunAsync("trigger"), new(id: workflowId, taskQueue: queue)
            {
                Memo = new Dictionary<string, object> { ["report"] = "nightly" },
                TypedSearchAttributes = new SearchAttributeCollection.Builder().Set(Team, "ops").ToSearchAttributeCollection(),
            }),
            Spec: new ScheduleSpec { Intervals = [new ScheduleIntervalSpec(Every: TimeSpan.FromDays(1))] })
        {
            State = new ScheduleState { Paused = true },
        });

        var result = await RunWithWorkerAsync(queue, async () =>
        {
            await handle.TriggerAsync();
            var described = await ScheduleWait.UntilAsync(() => handle.DescribeAsync(), d => d.Info.RecentActions.Count == 1, "the triggered action to start");
            var action = (ScheduleActionExecutionStartWorkflow)Assert.Single(described.Info.RecentActions).Action;
            Assert.StartsWith(workflowId + "-", action.WorkflowId, StringComparison.Ordinal);
            var started = Client.GetWorkflowHandle(action.WorkflowId, action.FirstExecutionRunId);
            var output = await started.GetResultAsync<string>();
            var description = await started.DescribeAsync();
            Assert.Equal("nightly", await description.Memo["report"].ToValueAsync<string>());
            Assert.Equal("ops", description.TypedSearchAttributes.Get(Team));
            Assert.Equal(id, description.TypedSearchAttributes.Get(SearchAttributeKey.CreateKeyword("TemporalScheduledById")));
            Assert.True(description.TypedSearchAttributes.ContainsKey(SearchAttributeKey.CreateDateTimeOffset("TemporalScheduledStartTime")));
            return output;
        }, o => o.AddWorkflow<GreetingWorkflow>());
        Assert.Equal("Hello, trigger!", result);

        // Listed by the schedule that started it, as Temporal's UI and CLI ask.
        var listed = await ScheduleWait.UntilAsync(async () =>
        {
            var runs = new List<Temporalio.Client.WorkflowExecution>();
            await foreach (var run in Client.ListWorkflowsAsync($"TemporalScheduledById = '{id}'"))
            {
                runs.Add(run);
            }
            return runs;
        }, runs => runs.Count == 1, "the started workflow to be listed by TemporalScheduledById");
        Assert.StartsWith(workflowId + "-", listed[0].Id, StringComparison.Ordinal);

        var afterClose = await ScheduleWait.UntilAsync(() => handle.DescribeAsync(), d => d.Info.RunningActions.Count == 0, "the schedule to hear the run closed");
        Assert.Equal(1, afterClose.Info.NumActions);
        Assert.Equal(WorkflowExecutionStatus.Completed, (await Client.WorkflowService.DescribeScheduleAsync(new DescribeScheduleRequest { Namespace = "default", ScheduleId = id }))
            .Info.RecentActions.Single().StartWorkflowStatus);
    }

    [Fact]
    public async Task PauseOnFailure_TriggeredWorkflowFails_SchedulePausesWithTheFailure()
    {
        var queue = NewId("tq");
        var handle = await Client.CreateScheduleAsync(NewId("sched"), new Schedule(
            Action: ScheduleActionStartWorkflow.Create((FailingWorkflow wf) => wf.RunAsync("scheduled failure"), new(id: NewId("wf"), taskQueue: queue)),
            Spec: new ScheduleSpec { Intervals = [new ScheduleIntervalSpec(Every: TimeSpan.FromDays(1))] })
        {
            Policy = new SchedulePolicy { PauseOnFailure = true },
        }, new ScheduleOptions { TriggerImmediately = true });
        var paused = await RunWithWorkerAsync(queue, () => ScheduleWait.UntilAsync(() => handle.DescribeAsync(), d => d.Schedule.State.Paused, "the schedule to pause after the failure"),
            o => o.AddWorkflow<FailingWorkflow>());
        Assert.Matches("^paused due to workflow failure: .*scheduled failure", paused.Schedule.State.Note);
    }

    [Fact]
    public async Task ListWorkflows_ScheduleExists_SchedulesInternalExecutionIsHidden()
    {
        var id = NewId("sched");
        await Client.CreateScheduleAsync(id, PausedHourly(NewId("wf"), NewId("tq")));
        var listed = new List<string>();
        await foreach (var workflow in Client.ListWorkflowsAsync($"WorkflowId = 'temporal-sys-scheduler:{id}'"))
        {
            listed.Add(workflow.Id);
        }
        Assert.Empty(listed);
        Assert.Equal(0, (await Client.CountWorkflowsAsync($"WorkflowId = 'temporal-sys-scheduler:{id}'")).Count);
    }

    [Fact]
    public async Task ListScheduleMatchingTimes_SpringForwardAndFallBack_SkippedTimeNeverRepeatedTimeTwice()
    {
        var id = NewId("sched");
        var schedule = RawSchedule(NewId("wf"), NewId("tq"));
        schedule.Spec.Interval.Clear();
        schedule.Spec.CronString.Add("CRON_TZ=America/New_York 30 2 * * *");
        schedule.Spec.CronString.Add("CRON_TZ=America/New_York 30 1 * * *");
        await Client.WorkflowService.CreateScheduleAsync(new CreateScheduleRequest { Namespace = "default", ScheduleId = id, Schedule = schedule, RequestId = Guid.NewGuid().ToString() });

        async Task<List<DateTimeOffset>> TimesAsync(string from, string to) => [.. (await Client.WorkflowService.ListScheduleMatchingTimesAsync(new ListScheduleMatchingTimesRequest
        {
            Namespace = "default",
            ScheduleId = id,
            StartTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(from, System.Globalization.CultureInfo.InvariantCulture)),
            EndTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(to, System.Globalization.CultureInfo.InvariantCulture)),
        })).StartTime.Select(t => t.ToDateTimeOffset())];

        // 2026-03-08: 02:00 EST jumps to 03:00 EDT, so 02:30 does not happen that day.
        var spring = await TimesAsync("2026-03-08T05:00:00Z", "2026-03-08T12:00:00Z");
        Assert.Equal([DateTimeOffset.Parse("2026-03-08T06:30:00Z", System.Globalization.CultureInfo.InvariantCulture)], spring);
        // 2026-11-01: 02:00 EDT falls back to 01:00 EST, so 01:30 happens twice.
        var fall = await TimesAsync("2026-11-01T04:00:00Z", "2026-11-01T08:00:00Z");
        Assert.Equal(new[] { "2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z", "2026-11-01T07:30:00Z" }.Select(t => DateTimeOffset.Parse(t, System.Globalization.CultureInfo.InvariantCulture)), fall);
    }

    internal static Schedule PausedHourly(string workflowId, string queue) => new(
        Action: ScheduleActionStartWorkflow.Create((WaitForeverWorkflow wf) => wf.RunAsync(), new(id: workflowId, taskQueue: queue)),
        Spec: new ScheduleSpec { Intervals = [new ScheduleIntervalSpec(Every: TimeSpan.FromHours(1))] })
    {
        State = new ScheduleState { Paused = true },
    };

    internal static Temporalio.Api.Schedule.V1.Schedule RawSchedule(string workflowId, string queue) => new()
    {
        Spec = new Temporalio.Api.Schedule.V1.ScheduleSpec
        {
            Interval = { new Temporalio.Api.Schedule.V1.IntervalSpec { Interval = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromHours(1)) } },
        },
        Action = new Temporalio.Api.Schedule.V1.ScheduleAction
        {
            StartWorkflow = new Temporalio.Api.Workflow.V1.NewWorkflowExecutionInfo
            {
                WorkflowId = workflowId,
                WorkflowType = new Temporalio.Api.Common.V1.WorkflowType { Name = "WaitForeverWorkflow" },
                TaskQueue = new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = queue },
            },
        },
        State = new Temporalio.Api.Schedule.V1.ScheduleState { Paused = true },
    };

    private async Task<List<ScheduleListDescription>> ListAsync(string query)
    {
        var found = new List<ScheduleListDescription>();
        await foreach (var entry in Client.ListSchedulesAsync(new ScheduleListOptions { Query = query }))
        {
            found.Add(entry);
        }
        return found;
    }
}
