using Fencepost.Engine.Errors;
using Fencepost.Engine.History.Schedules;
using Fencepost.Engine.Namespaces;
using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Schedule.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Fencepost.Engine.History;

/// <summary>
/// Schedules: each one is an internal execution (workflow id <c>temporal-sys-scheduler:&lt;id&gt;</c>)
/// on the shard of that id, changed like any run, under its lock and through the shard's fenced
/// writer, by <see cref="SchedulerMachine"/>.
/// </summary>
internal sealed partial class HistoryEngine
{
    /// <summary>Creates the schedule; a retried create (same request id) answers as the first one did.</summary>
    public async Task CreateScheduleAsync(NamespaceEntry ns, string scheduleId, Schedule schedule, SchedulePatch? initialPatch, Memo? memo,
        SearchAttributes? searchAttributes, string requestId, string identity, CancellationToken cancellationToken)
    {
        var workflowId = SchedulerNames.WorkflowIdOf(scheduleId);
        var shard = await ShardForAsync(ns.Id, workflowId, cancellationToken).ConfigureAwait(false);
        var mode = CreateMode.BrandNew;
        Guid? previous = null;
        for (var attempt = 0; attempt < MaxStartAttempts; attempt++)
        {
            var created = SchedulerRunBuilder.Build(ns.Id, ns.Name, scheduleId, schedule, initialPatch, memo, searchAttributes, requestId, identity, timeProvider.GetUtcNow());
            try
            {
                await CreateRunAsync(shard, created, mode, previous, null, null, null).ConfigureAwait(false);
                return;
            }
            catch (WorkflowAlreadyStartedException ex)
            {
                var current = ex.Current;
                if (current.CreateRequestId == requestId)
                {
                    return;
                }
                if (current.State != WorkflowExecutionState.Completed)
                {
                    throw new ServiceErrorException(Grpc.Core.StatusCode.AlreadyExists, $"Schedule {ErrorText.Echo(scheduleId)} is already registered.",
                        new Temporalio.Api.ErrorDetails.V1.WorkflowExecutionAlreadyStartedFailure { StartRequestId = current.CreateRequestId, RunId = current.RunId.ToString() });
                }
                // A deleted schedule's id may be used again.
                mode = CreateMode.WorkflowIdReuse;
                previous = current.RunId;
            }
            catch (ConditionFailedException)
            {
                mode = CreateMode.BrandNew;
                previous = null;
            }
        }
        throw ServiceErrorException.Unavailable($"Schedule {ErrorText.Echo(scheduleId)} kept changing while it was being created; retry.");
    }

    public Task<DescribeScheduleResponse> DescribeScheduleAsync(NamespaceEntry ns, string scheduleId, CancellationToken cancellationToken) =>
        ReadScheduleAsync(ns, scheduleId, machine => machine.Describe(), cancellationToken);

    /// <summary>The spec's times in [start, end] (at most 1,000).</summary>
    public Task<List<DateTimeOffset>> ScheduleMatchingTimesAsync(NamespaceEntry ns, string scheduleId, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken) =>
        ReadScheduleAsync(ns, scheduleId, machine => machine.Spec.Times(start.AddMilliseconds(-1), end, $"{ns.Id}-{scheduleId}", 1_000), cancellationToken);

    /// <summary>Replaces the schedule when <paramref name="conflictToken"/> is empty or still the schedule's (else FAILED_PRECONDITION).</summary>
    public Task UpdateScheduleAsync(NamespaceEntry ns, string scheduleId, Schedule schedule, SearchAttributes? searchAttributes, byte[]? conflictToken, CancellationToken cancellationToken) =>
        ChangeScheduleAsync(ns, scheduleId, machine =>
        {
            if (conflictToken is { Length: > 0 } token && !token.AsSpan().SequenceEqual(SchedulerMachine.ConflictTokenBytes(machine.State.ConflictToken).Span))
            {
                throw ServiceErrorException.FailedPrecondition($"Schedule {ErrorText.Echo(scheduleId)} changed since its conflict token was read (mismatched conflict token); describe it again.");
            }
            machine.Update(schedule, searchAttributes);
        }, cancellationToken);

    public Task PatchScheduleAsync(NamespaceEntry ns, string scheduleId, SchedulePatch patch, CancellationToken cancellationToken) =>
        ChangeScheduleAsync(ns, scheduleId, machine => machine.Patch(patch), cancellationToken);

    /// <summary>Deletes the schedule (its execution is terminated); the workflows it started keep running.</summary>
    public async Task DeleteScheduleAsync(NamespaceEntry ns, string scheduleId, string identity, CancellationToken cancellationToken)
    {
        var key = await ResolveScheduleAsync(ns, scheduleId, cancellationToken).ConfigureAwait(false);
        await UpdateRunAsync(key, mutation =>
        {
            if (!mutation.State.IsRunning || mutation.State.Scheduler is null)
            {
                throw ScheduleNotFound(scheduleId);
            }
            mutation.TerminateWorkflow("terminated by DeleteSchedule", null, identity);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task ChangeScheduleAsync(NamespaceEntry ns, string scheduleId, Action<SchedulerMachine> change, CancellationToken cancellationToken)
    {
        var key = await ResolveScheduleAsync(ns, scheduleId, cancellationToken).ConfigureAwait(false);
        await UpdateRunAsync(key, mutation =>
        {
            if (!mutation.State.IsRunning || mutation.State.Scheduler is null)
            {
                throw ScheduleNotFound(scheduleId);
            }
            change(new SchedulerMachine(mutation));
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> ReadScheduleAsync<T>(NamespaceEntry ns, string scheduleId, Func<SchedulerMachine, T> read, CancellationToken cancellationToken)
    {
        var key = await ResolveScheduleAsync(ns, scheduleId, cancellationToken).ConfigureAwait(false);
        return await ReadRunAsync(key, (state, _) =>
        {
            if (!state.IsRunning || state.Scheduler is null)
            {
                throw ScheduleNotFound(scheduleId);
            }
            // A mutation that is never committed: the machine only reads through it.
            return read(new SchedulerMachine(new WorkflowMutation(state, timeProvider.GetUtcNow())));
        }, withEvents: false, cancellationToken).ConfigureAwait(false);
    }

    private async Task<WorkflowKey> ResolveScheduleAsync(NamespaceEntry ns, string scheduleId, CancellationToken cancellationToken)
    {
        try
        {
            return await ResolveRunAsync(ns.Id, SchedulerNames.WorkflowIdOf(scheduleId), null, cancellationToken).ConfigureAwait(false);
        }
        catch (ServiceErrorException ex) when (ex.Code == Grpc.Core.StatusCode.NotFound)
        {
            throw ScheduleNotFound(scheduleId);
        }
    }

    private static ServiceErrorException ScheduleNotFound(string scheduleId) =>
        ServiceErrorException.NotFound($"Schedule {ErrorText.Echo(scheduleId)} not found.");
}
