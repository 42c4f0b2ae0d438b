using Fencepost.Engine.History;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Queues;
using Temporalio.Api.Enums.V1;

namespace Fencepost.Engine.Tests.History;

/// <summary>
/// Eager workflow start as the new run's first mutation (persisted as one write): the first task is
/// scheduled and started with its timeout timer, and nothing is sent to matching.
/// </summary>
public class EagerWorkflowStartBuildTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-01-01T00:00:00Z");

    private static NewRunSpec Spec(TimeSpan startDelay = default) => new()
    {
        NamespaceId = Guid.NewGuid(),
        Namespace = "default",
        WorkflowId = $"wf-{Guid.NewGuid():N}",
        WorkflowType = "T",
        TaskQueue = "tq",
        Identity = "eager-worker",
        RequestId = Guid.NewGuid().ToString(),
        TaskTimeout = TimeSpan.FromSeconds(7),
        StartDelay = startDelay,
    };

    [Fact]
    public void Build_EagerStart_FirstTaskStartedForTheCallerWithItsTimeoutTimerAndNoDispatch()
    {
        var spec = Spec();

        var created = NewRunBuilder.Build(spec, Now, startFirstTaskEagerly: true);

        Assert.Equal([EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted], created.Events.Select(e => e.EventType));
        Assert.Equal([1L, 2L, 3L], created.Events.Select(e => e.EventId));
        var started = created.Events[2].WorkflowTaskStartedEventAttributes;
        Assert.Equal(2, started.ScheduledEventId);
        Assert.Equal(spec.Identity, started.Identity);
        Assert.Equal(spec.RequestId, started.RequestId);
        Assert.Equal(3, created.State.WorkflowTask!.StartedEventId);
        Assert.Equal(1, created.State.WorkflowTask.Attempt);
        Assert.DoesNotContain(created.Tasks, t => t.Data.Kind == ShardTaskKind.DispatchWorkflowTask);
        var timeout = Assert.Single(created.Tasks, t => t.Data.Kind == ShardTaskKind.WorkflowTaskTimeout);
        Assert.Equal(ShardTaskCategory.Timer, timeout.Category);
        Assert.Equal(Now + TimeSpan.FromSeconds(7), timeout.VisibilityTime);
        Assert.Equal(2, timeout.Data.EventId);
        Assert.Equal(1, timeout.Data.Attempt);
    }

    [Fact]
    public void Build_EagerStartWithAStartDelay_OnlyTheBackoffTimerAsWithoutEager()
    {
        var created = NewRunBuilder.Build(Spec(TimeSpan.FromMinutes(5)), Now, startFirstTaskEagerly: true);

        Assert.Equal([EventType.WorkflowExecutionStarted], created.Events.Select(e => e.EventType));
        Assert.Null(created.State.WorkflowTask);
        Assert.Contains(created.Tasks, t => t.Data.Kind == ShardTaskKind.WorkflowTaskBackoff);
        Assert.DoesNotContain(created.Tasks, t => t.Data.Kind is ShardTaskKind.WorkflowTaskTimeout or ShardTaskKind.DispatchWorkflowTask);
    }
}
