using Temporalio.Api.Enums.V1;

namespace Fencepost.Engine.History.Schedules;

/// <summary>
/// The overlap policies, applied to the buffer in order (Temporal's rules): ALLOW_ALL actions start
/// at once; otherwise, with nothing running, the first action starts; an action that overlaps a
/// running (or just started) one is dropped (SKIP), kept if it is the only one waiting (BUFFER_ONE),
/// kept (BUFFER_ALL), or kept while the running one is cancelled (CANCEL_OTHER) or terminated
/// (TERMINATE_OTHER); kept actions start when the running one has closed. An unspecified policy is
/// resolved when the action is looked at, so an update of the schedule's policy applies to it.
/// </summary>
internal static class ScheduleBuffer
{
    public static ScheduleBufferDecision Decide(IEnumerable<BufferedAction> buffer, bool running, Func<int, ScheduleOverlapPolicy> resolve)
    {
        var decision = new ScheduleBufferDecision();
        foreach (var action in buffer)
        {
            var policy = resolve(action.OverlapPolicy);
            if (policy == ScheduleOverlapPolicy.AllowAll)
            {
                decision.StartUntracked.Add(action);
                continue;
            }
            if (!running && decision.StartTracked is null)
            {
                decision.StartTracked = action;
                continue;
            }
            switch (policy)
            {
                case ScheduleOverlapPolicy.BufferOne:
                    if (decision.Remaining.Count == 0)
                    {
                        decision.Remaining.Add(action);
                    }
                    else
                    {
                        decision.Skipped++;
                    }
                    break;
                case ScheduleOverlapPolicy.BufferAll:
                    decision.Remaining.Add(action);
                    break;
                case ScheduleOverlapPolicy.CancelOther when running:
                    decision.CancelRunning = true;
                    decision.Remaining.Add(action);
                    break;
                case ScheduleOverlapPolicy.TerminateOther when running:
                    decision.TerminateRunning = true;
                    decision.Remaining.Add(action);
                    break;
                case ScheduleOverlapPolicy.CancelOther or ScheduleOverlapPolicy.TerminateOther:
                    // Nothing runs yet; it replaces the one about to start.
                    decision.StartTracked = action;
                    break;
                default:
                    decision.Skipped++;
                    break;
            }
        }
        if (decision.CancelRunning || decision.TerminateRunning)
        {
            // They would be cancelled or terminated at once too.
            decision.StartUntracked.Clear();
        }
        return decision;
    }
}
