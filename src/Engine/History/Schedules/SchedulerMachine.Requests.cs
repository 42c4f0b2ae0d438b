using Fencepost.Engine.History.Schedules.Spec;
using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.Schedule.V1;

namespace Fencepost.Engine.History.Schedules;

internal sealed partial class SchedulerMachine
{
    /// <summary>
    /// Trigger, backfill, pause, unpause. Time is caught up under the old state first, so a pause
    /// does not drop what was already due and an unpause does not catch up the paused time.
    /// </summary>
    public void Patch(SchedulePatch patch)
    {
        AdvanceSpecTime();
        if (patch.TriggerImmediately is { } trigger)
        {
            AddBuffered(Now, Now, (int)trigger.OverlapPolicy, manual: true);
        }
        foreach (var backfill in patch.BackfillRequest)
        {
            var start = backfill.StartTime?.ToDateTimeOffset() ?? Now;
            var end = backfill.EndTime?.ToDateTimeOffset() ?? Now;
            // The start is inclusive.
            _state.Backfills.Add(new BackfillRange { After = start.AddMilliseconds(-1), End = end, OverlapPolicy = (int)backfill.OverlapPolicy });
        }
        _schedule.State ??= new ScheduleState();
        if (patch.Pause.Length > 0)
        {
            _schedule.State.Paused = true;
            _schedule.State.Notes = patch.Pause;
            _state.ConflictToken++;
        }
        if (patch.Unpause.Length > 0)
        {
            _schedule.State.Paused = false;
            _schedule.State.Notes = patch.Unpause;
            _state.ConflictToken++;
        }
        Tick();
    }

    /// <summary>
    /// Replaces the schedule (spec, action, policies, state); spec times before now are not taken
    /// under the new spec. Search attributes, when given, replace the schedule's own.
    /// </summary>
    public void Update(Schedule schedule, SearchAttributes? searchAttributes)
    {
        AdvanceSpecTime();
        _schedule = SchedulerDefaults.Fill(schedule);
        _spec = new CompiledScheduleSpec(_schedule.Spec);
        _state.UpdateTime = Now;
        _state.ConflictToken++;
        if (searchAttributes is not null)
        {
            var replaced = new SearchAttributes();
            foreach (var (name, value) in searchAttributes.IndexedFields)
            {
                replaced.IndexedFields[name] = value;
            }
            _mutation.State.SearchAttributes = replaced.ToByteArray();
            _mutation.VisibilityChanged = true;
        }
        Tick();
    }

    /// <summary>The outcome of a ScheduleStart task: the run it started, or none (it could not start). False when the start was already recorded.</summary>
    public bool RecordStart(string requestId, Guid? runId, DateTimeOffset startTime)
    {
        var pending = _state.Starting.Find(s => s.RequestId == requestId);
        if (pending is null)
        {
            return false;
        }
        _state.Starting.Remove(pending);
        if (runId is { } started)
        {
            _state.ActionCount++;
            _state.Runs.Add(new ScheduledRun
            {
                WorkflowId = pending.WorkflowId,
                RunId = started,
                ScheduleTime = pending.ActualTime,
                ActualTime = startTime,
                Status = pending.ClosedStatus == 0 ? (int)WorkflowExecutionStatus.Running : pending.ClosedStatus,
                Tracked = pending.Tracked,
            });
        }
        Tick();
        return true;
    }

    /// <summary>
    /// A workflow the schedule started has closed (the last run of its chain): it no longer runs for
    /// the overlap policy, its result or failure is kept for the next run, and with pause-on-failure
    /// a failure or timeout pauses the schedule. False when the schedule does not know the run.
    /// </summary>
    public bool RecordClosed(string workflowId, Guid firstRunId, WorkflowExecutionStatus status, Payloads? result, Failure? failure)
    {
        var run = _state.Runs.FindLast(r => r.WorkflowId == workflowId && r.RunId == firstRunId);
        var pending = run is null ? _state.Starting.Find(s => s.WorkflowId == workflowId) : null;
        if (run is null && pending is null)
        {
            return false;
        }
        if (run is not null)
        {
            if (run.Status != (int)WorkflowExecutionStatus.Running)
            {
                return true;
            }
            run.Status = (int)status;
        }
        else
        {
            // Closed before its start was recorded here.
            pending!.ClosedStatus = (int)status;
        }
        if (status == WorkflowExecutionStatus.Completed)
        {
            _state.LastCompletionResult = result?.ToByteArray();
            _state.ContinuedFailure = null;
        }
        else if (failure is not null)
        {
            _state.ContinuedFailure = failure.ToByteArray();
        }
        if (_schedule.Policies?.PauseOnFailure == true && status is WorkflowExecutionStatus.Failed or WorkflowExecutionStatus.TimedOut
            && _schedule.State?.Paused != true)
        {
            _schedule.State ??= new ScheduleState();
            _schedule.State.Paused = true;
            _schedule.State.Notes = status == WorkflowExecutionStatus.Failed
                ? $"paused due to workflow failure: {workflowId}: {failure?.Message}"
                : $"paused due to workflow timeout: {workflowId}";
            _state.ConflictToken++;
        }
        Tick();
        return true;
    }
}
