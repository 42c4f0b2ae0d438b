using Fencepost.Engine.History.Schedules.Spec;
using Fencepost.Engine.Queues;
using Google.Protobuf;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Schedule.V1;

namespace Fencepost.Engine.History.Schedules;

/// <summary>
/// The scheduler, as pure logic over one <see cref="WorkflowMutation"/> of the schedule's internal
/// execution: it turns elapsed spec time into actions (within the catch-up window, unless paused or
/// out of actions), applies the overlap policies, and records each start it decides on together
/// with a ScheduleStart transfer task, cancels or terminates through ScheduleStop tasks, and arms one
/// SchedulerWake timer for its next action. Everything it decides is written in the mutation's one
/// fenced shard write, so a deposed owner can act on none of it.
/// </summary>
internal sealed partial class SchedulerMachine
{
    public const int MaxBufferedActions = 1_000;
    public const int RecentActionCount = 10;
    public const int FutureActionCount = 10;
    public const int ListActionCount = 5;
    public static readonly TimeSpan DefaultCatchupWindow = TimeSpan.FromDays(365);
    public static readonly TimeSpan MinCatchupWindow = TimeSpan.FromSeconds(10);

    /// <summary>How many missed spec times one step counts one by one before jumping to the catch-up window.</summary>
    private const int MaxMissedCountedPerStep = 100_000;

    private static readonly TimeSpan BackfillStepDelay = TimeSpan.FromSeconds(1);

    private readonly WorkflowMutation _mutation;
    private readonly SchedulerState _state;
    private Schedule _schedule;
    private CompiledScheduleSpec _spec;

    public SchedulerMachine(WorkflowMutation mutation)
    {
        _mutation = mutation;
        _state = mutation.State.Scheduler ?? throw new InvalidOperationException($"{mutation.State.WorkflowId} is not a scheduler.");
        _schedule = Temporalio.Api.Schedule.V1.Schedule.Parser.ParseFrom(_state.Schedule);
        _spec = new CompiledScheduleSpec(_schedule.Spec ?? new ScheduleSpec());
    }

    public SchedulerState State => _state;

    public Schedule Schedule => _schedule;

    public CompiledScheduleSpec Spec => _spec;

    private DateTimeOffset Now => _mutation.Now;

    private string JitterSeed => $"{_mutation.State.NamespaceId}-{_state.ScheduleId}";

    /// <summary>Catches up with the clock: new actions, the buffer, the next wake-up, the listing.</summary>
    public void Tick()
    {
        AdvanceSpecTime();
        ProcessBackfills();
        ProcessBuffer();
        Finish();
    }

    /// <summary>The wake-up timer fired: it is no longer armed.</summary>
    public void Woken()
    {
        if (_state.ArmedWakeup is { } armed && armed <= Now)
        {
            _state.ArmedWakeup = null;
        }
        Tick();
    }

    public TimeSpan CatchupWindow()
    {
        var window = _schedule.Policies?.CatchupWindow?.ToTimeSpan();
        return window is not { } set || set == TimeSpan.Zero ? DefaultCatchupWindow : set < MinCatchupWindow ? MinCatchupWindow : set;
    }

    public ScheduleOverlapPolicy Resolve(int policy)
    {
        var resolved = (ScheduleOverlapPolicy)policy;
        if (resolved == ScheduleOverlapPolicy.Unspecified)
        {
            resolved = _schedule.Policies?.OverlapPolicy ?? ScheduleOverlapPolicy.Unspecified;
        }
        return resolved == ScheduleOverlapPolicy.Unspecified ? ScheduleOverlapPolicy.Skip : resolved;
    }

    /// <summary>Whether a spec action may be taken now (not paused, actions left); with <paramref name="decrement"/> it uses one up.</summary>
    private bool CanTakeScheduled(bool decrement)
    {
        var state = _schedule.State;
        if (state is null)
        {
            return true;
        }
        if (state.Paused)
        {
            return false;
        }
        if (!state.LimitedActions)
        {
            return true;
        }
        if (state.RemainingActions <= 0)
        {
            return false;
        }
        if (decrement)
        {
            state.RemainingActions--;
            _state.ConflictToken++;
        }
        return true;
    }

    private void AdvanceSpecTime()
    {
        var from = _state.UpdateTime is { } updated && updated > _state.LastProcessedTime ? updated : _state.LastProcessedTime;
        var until = Now < from ? from : Now;
        if (!CanTakeScheduled(decrement: false))
        {
            // Time spent paused or out of actions is not caught up later.
            _state.LastProcessedTime = until;
            return;
        }
        var catchup = CatchupWindow();
        var cursor = from;
        var last = from;
        var missedCounted = 0;
        while (_spec.Next(cursor, JitterSeed) is { } next && next.Actual <= until)
        {
            cursor = next.Actual;
            last = next.Actual;
            if (until - next.Actual > catchup)
            {
                _state.MissedCatchupWindow++;
                if (++missedCounted >= MaxMissedCountedPerStep)
                {
                    // Down for long: what is older than the window is missed either way.
                    cursor = until - catchup - TimeSpan.FromSeconds(1);
                }
                continue;
            }
            AddBuffered(next.Nominal, next.Actual, 0, manual: false);
        }
        _state.LastProcessedTime = last;
    }

    private void AddBuffered(DateTimeOffset nominal, DateTimeOffset actual, int overlapPolicy, bool manual)
    {
        if (_state.Buffered.Count >= MaxBufferedActions)
        {
            _state.BufferDropped++;
            return;
        }
        _state.Buffered.Add(new BufferedAction { NominalTime = nominal, ActualTime = actual, OverlapPolicy = overlapPolicy, Manual = manual });
    }

    /// <summary>Turns part of the pending backfills into manual actions, leaving room in the buffer for the spec's own.</summary>
    private void ProcessBackfills()
    {
        var room = MaxBufferedActions / 2 - _state.Buffered.Count;
        while (_state.Backfills.Count > 0 && room > 0)
        {
            var range = _state.Backfills[0];
            var cursor = range.After;
            var done = true;
            while (_spec.Next(cursor, JitterSeed) is { } next && next.Actual <= range.End)
            {
                if (room <= 0)
                {
                    done = false;
                    break;
                }
                AddBuffered(next.Nominal, next.Actual, range.OverlapPolicy, manual: true);
                cursor = next.Actual;
                room--;
            }
            if (done)
            {
                _state.Backfills.RemoveAt(0);
            }
            else
            {
                range.After = cursor;
            }
        }
    }

    /// <summary>Applies the overlap policies to the buffer: starts, cancels and terminates as they say.</summary>
    private void ProcessBuffer()
    {
        if (_schedule.Action?.StartWorkflow is null)
        {
            _state.Buffered.Clear();
            return;
        }
        var running = _state.Starting.Any(s => s.Tracked) || _state.Runs.Any(r => r.Tracked && r.Status == (int)WorkflowExecutionStatus.Running);
        var decision = ScheduleBuffer.Decide(_state.Buffered, running, Resolve);
        _state.Buffered = decision.Remaining;
        _state.OverlapSkipped += decision.Skipped;
        foreach (var action in decision.StartUntracked)
        {
            BeginStart(action, tracked: false);
        }
        if (decision.StartTracked is { } tracked)
        {
            BeginStart(tracked, tracked: true);
        }
        if (decision.TerminateRunning || decision.CancelRunning)
        {
            var how = decision.TerminateRunning ? ScheduledStopKind.Terminate : ScheduledStopKind.Cancel;
            foreach (var run in _state.Runs.Where(r => r.Tracked && r.Status == (int)WorkflowExecutionStatus.Running && r.StopRequested < (int)how))
            {
                run.StopRequested = (int)how;
                _mutation.AddScheduleTask(ShardTaskKind.ScheduleStop, run.WorkflowId, (int)how);
            }
        }
    }

    private void BeginStart(BufferedAction action, bool tracked)
    {
        if (!action.Manual && !CanTakeScheduled(decrement: true))
        {
            return;
        }
        var baseId = _schedule.Action.StartWorkflow.WorkflowId;
        var start = new PendingScheduledStart
        {
            RequestId = $"{_mutation.State.RunId:N}-{++_state.StartSequence}",
            WorkflowId = SchedulerNames.ScheduledWorkflowId(baseId, action.NominalTime),
            NominalTime = action.NominalTime,
            ActualTime = action.ActualTime,
            Manual = action.Manual,
            Tracked = tracked,
        };
        _state.Starting.Add(start);
        _mutation.AddScheduleTask(ShardTaskKind.ScheduleStart, start.RequestId);
    }

    /// <summary>Arms the wake-up timer for the next action (or the next backfill step), persists the schedule, refreshes the listing.</summary>
    private void Finish()
    {
        DateTimeOffset? wake = _state.Backfills.Count > 0 ? Now + BackfillStepDelay : null;
        if (CanTakeScheduled(decrement: false) && _spec.Next(_state.LastProcessedTime, JitterSeed) is { } next && (wake is null || next.Actual < wake))
        {
            wake = next.Actual;
        }
        if (wake is { } due && (_state.ArmedWakeup != due))
        {
            _state.ArmedWakeup = due;
            _mutation.AddTimer(due, ShardTaskKind.SchedulerWake);
        }
        else if (wake is null)
        {
            _state.ArmedWakeup = null;
        }
        TrimRuns();
        _state.Schedule = _schedule.ToByteArray();
        RefreshListing();
        _mutation.StateChanged = true;
    }

    /// <summary>Keeps the last <see cref="RecentActionCount"/> actions, and every one still running.</summary>
    private void TrimRuns()
    {
        var excess = _state.Runs.Count - RecentActionCount;
        for (var i = 0; i < _state.Runs.Count && excess > 0;)
        {
            if (_state.Runs[i].Status != (int)WorkflowExecutionStatus.Running)
            {
                _state.Runs.RemoveAt(i);
                excess--;
            }
            else
            {
                i++;
            }
        }
    }
}
