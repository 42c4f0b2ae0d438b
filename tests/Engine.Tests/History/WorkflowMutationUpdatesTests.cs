using Fencepost.Engine.History;
using Fencepost.Engine.History.Updates;
using Grpc.Core;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Update.V1;

namespace Fencepost.Engine.Tests.History;

/// <summary>
/// The in-memory side of Workflow Update as pure logic: an admitted update joins the registry only
/// once its write committed, answers repeated requests, and ends with the right error when the run
/// closes; the cache keeps a run with an update in flight and aborts it when the shard is let go.
/// </summary>
public class WorkflowMutationUpdatesTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-01-01T00:00:00Z");
    private static readonly UpdateLimits NoLimits = new(0, 0);

    [Fact]
    public void AdmitUpdate_NoTaskPending_SchedulesOneAndJoinsTheRegistryOnlyAfterCommit()
    {
        var (state, registry) = Idle();
        var mutation = new WorkflowMutation(state, Now) { Updates = registry };

        var look = mutation.AdmitUpdate(Request("u1"), NoLimits);

        Assert.Equal(UpdateLookKind.InFlight, look.Kind);
        Assert.Equal(EventType.WorkflowTaskScheduled, Assert.Single(mutation.Events).EventType);
        Assert.Null(registry.Find("u1"));
        mutation.RunAfterCommit();
        Assert.Same(look.InFlight, registry.Find("u1"));
    }

    [Fact]
    public void AdmitUpdate_SameIdAgain_FindsTheAdmittedUpdateWithoutAnotherTask()
    {
        var (state, registry) = Idle();
        var first = new WorkflowMutation(state, Now) { Updates = registry };
        var admitted = first.AdmitUpdate(Request("u1"), NoLimits).InFlight;
        first.RunAfterCommit();

        var again = new WorkflowMutation(state, Now) { Updates = registry };
        var look = again.AdmitUpdate(Request("u1"), NoLimits);

        Assert.Same(admitted, look.InFlight);
        Assert.Empty(again.Events);
    }

    [Fact]
    public void AdmitUpdate_InFlightLimitReached_ResourceExhaustedNamingTheKey()
    {
        var (state, registry) = Idle();
        var first = new WorkflowMutation(state, Now) { Updates = registry };
        first.AdmitUpdate(Request("u1"), new UpdateLimits(1, 0));
        first.RunAfterCommit();

        var refused = Assert.Throws<Errors.ServiceErrorException>(() => new WorkflowMutation(state, Now) { Updates = registry }.AdmitUpdate(Request("u2"), new UpdateLimits(1, 0)));

        Assert.Equal(StatusCode.ResourceExhausted, refused.Code);
        Assert.Contains("history.maxInFlightUpdates", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAfterCommit_RunClosedWithAnUpdateNeverSent_TheCallerGetsNotFound()
    {
        var (state, registry) = Idle();
        var admit = new WorkflowMutation(state, Now) { Updates = registry };
        var update = admit.AdmitUpdate(Request("u1"), NoLimits).InFlight!;
        admit.RunAfterCommit();

        var close = new WorkflowMutation(state, Now) { Updates = registry };
        close.TerminateWorkflow("done", null, "test");
        close.RunAfterCommit();

        Assert.True(update.Resolution.IsCompleted);
        Assert.Equal(StatusCode.NotFound, (await update.Resolution).Error!.Code);
        Assert.Null(registry.Find("u1"));
    }

    [Fact]
    public async Task RejectUpdate_AfterCommit_CallersGetTheRejectionAndARepeatedRequestGetsItToo()
    {
        var (state, registry) = Idle();
        var admit = new WorkflowMutation(state, Now) { Updates = registry };
        var update = admit.AdmitUpdate(Request("u1"), NoLimits).InFlight!;
        admit.RunAfterCommit();

        var reject = new WorkflowMutation(state, Now) { Updates = registry };
        reject.RejectUpdate("u1", new Rejection { Failure = new Temporalio.Api.Failure.V1.Failure { Message = "no" } });
        Assert.False(update.Resolution.IsCompleted, "nothing changes before the completion's write commits");
        reject.RunAfterCommit();

        Assert.True(update.Resolution.IsCompleted);
        Assert.Equal("no", (await update.Resolution).Rejection!.Message);
        var repeated = new WorkflowMutation(state, Now) { Updates = registry }.AdmitUpdate(Request("u1"), NoLimits);
        Assert.Equal("no", repeated.Outcome!.Failure.Message);
    }

    [Fact]
    public async Task RunCache_EntryWithAnUpdateInFlight_IsNotEvictedAndClearAbortsIt()
    {
        var cache = new RunCache(capacity: 1);
        var held = new WorkflowKey(Guid.NewGuid(), "held", Guid.NewGuid());
        InFlightUpdate update;
        using (var lease = await cache.AcquireAsync(held, CancellationToken.None))
        {
            update = lease.Entry.Updates.Create(Request("u1"));
            lease.Entry.Updates.Add(update);
        }
        using (await cache.AcquireAsync(new WorkflowKey(Guid.NewGuid(), "other", Guid.NewGuid()), CancellationToken.None))
        {
        }

        using (var again = await cache.AcquireAsync(held, CancellationToken.None))
        {
            Assert.Same(update, again.Entry.Updates.Find("u1"));
        }
        cache.Clear(UpdateErrors.AbortedByServer("the shard was released"));

        Assert.Equal(StatusCode.Unavailable, (await update.Resolution).Error!.Code);
    }

    [Fact]
    public void StartWorkflowTask_NinetyPercentOfTheTotalUpdateLimit_SuggestsContinueAsNewForTooManyUpdates()
    {
        var (state, registry) = Idle();
        for (var i = 0; i < 9; i++)
        {
            state.Updates[$"u{i}"] = new UpdateInfo { AcceptedEventId = 100 + i, CompletedEventId = 200 + i };
        }
        new WorkflowMutation(state, Now) { Updates = registry }.ScheduleWorkflowTaskIfNeeded();
        var below = new WorkflowMutation(state, Now) { Updates = registry };

        below.StartWorkflowTask("poll", "worker", maxTotalUpdates: 11);
        var suggestedBelow = below.Events[^1].WorkflowTaskStartedEventAttributes.SuggestContinueAsNewReasons.ToList();
        new WorkflowMutation(state, Now).CompleteWorkflowTask("worker", "", null, null, null);
        new WorkflowMutation(state, Now) { Updates = registry }.ScheduleWorkflowTaskIfNeeded();
        var at = new WorkflowMutation(state, Now) { Updates = registry };
        at.StartWorkflowTask("poll", "worker", maxTotalUpdates: 10);

        Assert.Empty(suggestedBelow);
        Assert.Equal([SuggestContinueAsNewReason.TooManyUpdates], at.Events[^1].WorkflowTaskStartedEventAttributes.SuggestContinueAsNewReasons);
        Assert.True(at.Events[^1].WorkflowTaskStartedEventAttributes.SuggestContinueAsNew);
    }

    /// <summary>A run whose first workflow task completed: nothing pending.</summary>
    private static (MutableState State, RunUpdates Registry) Idle()
    {
        var state = NewRunBuilder.Build(new NewRunSpec { NamespaceId = Guid.NewGuid(), Namespace = "default", WorkflowId = "wf", WorkflowType = "T", TaskQueue = "tq" }, Now).State;
        new WorkflowMutation(state, Now).StartWorkflowTask("poll", "worker");
        new WorkflowMutation(state, Now).CompleteWorkflowTask("worker", "", null, null, null);
        return (state, new RunUpdates());
    }

    private static Request Request(string updateId) => new()
    {
        Meta = new Meta { UpdateId = updateId },
        Input = new Input { Name = "Add" },
    };
}
