using Fencepost.Engine.Sdk.Tests.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client.Schedules;

namespace Fencepost.Engine.Sdk.Tests.Schedules;

/// <summary>
/// Every overlap policy, driven by backfills (their actions are due at once, at distinct spec
/// times) of a paused hourly schedule whose workflow waits until something ends it.
/// </summary>
public class ScheduleOverlapTests(EngineFixture engine) : SdkTestBase(engine), IClassFixture<EngineFixture>
{
    private static readonly DateTime Midnight = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(ScheduleOverlapPolicy.Skip, 1, 0, 2)]
    [InlineData(ScheduleOverlapPolicy.BufferOne, 1, 1, 1)]
    [InlineData(ScheduleOverlapPolicy.BufferAll, 1, 2, 0)]
    [InlineData(ScheduleOverlapPolicy.AllowAll, 3, 0, 0)]
    public async Task Backfill_ThreeOverlappingActions_PolicyDecidesWhatStartsWaitsOrIsSkipped(ScheduleOverlapPolicy policy, int started, int buffered, int skipped)
    {
        var (handle, workflowId) = await CreateAsync(NewId("tq"));
        await handle.BackfillAsync([new ScheduleBackfill(Midnight, Midnight.AddHours(2), policy)]);

        var raw = await WaitAsync(handle.Id, d => d.Info.ActionCount == started, $"{started} started under {policy}");
        Assert.Equal(buffered, raw.Info.BufferSize);
        Assert.Equal(skipped, raw.Info.OverlapSkipped);
        // ALLOW_ALL runs are not tracked as the schedule's running workflow.
        Assert.Equal(policy == ScheduleOverlapPolicy.AllowAll ? 0 : 1, raw.Info.RunningWorkflows.Count);
        Assert.Equal(Midnight, Assert.Single(raw.Info.RecentActions, a => a.StartWorkflowResult.WorkflowId == $"{workflowId}-2026-01-01T00:00:00Z").ScheduleTime.ToDateTime());

        // Closing the running one lets the next buffered one start, in order.
        for (var next = 1; next <= buffered; next++)
        {
            var running = raw.Info.RunningWorkflows.Single();
            await Client.GetWorkflowHandle(running.WorkflowId, running.RunId).TerminateAsync("next, please");
            raw = await WaitAsync(handle.Id, d => d.Info.ActionCount == started + next, $"buffered action {next} to start after the running one closed");
            Assert.Equal($"{workflowId}-{Midnight.AddHours(next):yyyy-MM-dd'T'HH:mm:ss'Z'}", raw.Info.RunningWorkflows.Single().WorkflowId);
        }
    }

    [Fact]
    public async Task Backfill_TerminateOther_RunningWorkflowTerminatedAndNewOneStarts()
    {
        var (handle, workflowId) = await CreateAsync(NewId("tq"));
        await handle.BackfillAsync([new ScheduleBackfill(Midnight, Midnight, ScheduleOverlapPolicy.TerminateOther)]);
        await WaitAsync(handle.Id, d => d.Info.ActionCount == 1, "the first action to start");

        await handle.BackfillAsync([new ScheduleBackfill(Midnight.AddHours(1), Midnight.AddHours(1), ScheduleOverlapPolicy.TerminateOther)]);
        var raw = await WaitAsync(handle.Id, d => d.Info.ActionCount == 2, "the second action to start once the first was terminated");
        Assert.Equal($"{workflowId}-2026-01-01T01:00:00Z", raw.Info.RunningWorkflows.Single().WorkflowId);
        var first = await Client.GetWorkflowHandle($"{workflowId}-2026-01-01T00:00:00Z").DescribeAsync();
        Assert.Equal(WorkflowExecutionStatus.Terminated, first.Status);
    }

    [Fact]
    public async Task Backfill_CancelOther_RunningWorkflowCancelledThenNewOneStarts()
    {
        var queue = NewId("tq");
        var (handle, workflowId) = await CreateAsync(queue);
        await RunWithWorkerAsync(queue, async () =>
        {
            await handle.BackfillAsync([new ScheduleBackfill(Midnight, Midnight, ScheduleOverlapPolicy.CancelOther)]);
            await WaitAsync(handle.Id, d => d.Info.ActionCount == 1, "the first action to start");
            await handle.BackfillAsync([new ScheduleBackfill(Midnight.AddHours(1), Midnight.AddHours(1), ScheduleOverlapPolicy.CancelOther)]);
            var raw = await WaitAsync(handle.Id, d => d.Info.ActionCount == 2, "the second action to start once the first was cancelled");
            Assert.Equal($"{workflowId}-2026-01-01T01:00:00Z", raw.Info.RunningWorkflows.Single().WorkflowId);
            var first = await Client.GetWorkflowHandle($"{workflowId}-2026-01-01T00:00:00Z").DescribeAsync();
            Assert.Equal(WorkflowExecutionStatus.Canceled, first.Status);
            return true;
        }, o => o.AddWorkflow<WaitForeverWorkflow>());
    }

    private async Task<(ScheduleHandle Handle, string WorkflowId)> CreateAsync(string queue)
    {
        var workflowId = NewId("wf");
        var handle = await Client.CreateScheduleAsync(NewId("sched"), ScheduleLifecycleTests.PausedHourly(workflowId, queue));
        return (handle, workflowId);
    }

    private Task<DescribeScheduleResponse> WaitAsync(string scheduleId, Func<DescribeScheduleResponse, bool> done, string what) =>
        ScheduleWait.UntilAsync(() => Client.WorkflowService.DescribeScheduleAsync(new DescribeScheduleRequest { Namespace = "default", ScheduleId = scheduleId }), done, what);
}
