using Fencepost.Engine.History.Schedules.Spec;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Schedule.V1;

namespace Fencepost.Engine.History.Schedules;

internal sealed partial class SchedulerMachine
{
    /// <summary>The next <paramref name="count"/> action times (fewer when actions are limited), none before the last update.</summary>
    public List<DateTimeOffset> FutureActionTimes(int count)
    {
        if (_schedule.State is { LimitedActions: true } limited)
        {
            count = (int)Math.Min(count, Math.Max(0, limited.RemainingActions));
        }
        var times = new List<DateTimeOffset>();
        var cursor = _state.LastProcessedTime;
        while (times.Count < count && _spec.Next(cursor, JitterSeed) is { } next)
        {
            cursor = next.Actual;
            if (_state.UpdateTime is { } updated && next.Nominal < updated)
            {
                continue;
            }
            times.Add(next.Actual);
        }
        return times;
    }

    /// <summary>The schedule's state as DescribeSchedule returns it (policy defaults filled in, ranges cleaned).</summary>
    public Temporalio.Api.WorkflowService.V1.DescribeScheduleResponse Describe()
    {
        var schedule = _schedule.Clone();
        schedule.Policies.OverlapPolicy = Resolve(0);
        schedule.Policies.CatchupWindow = Duration.FromTimeSpan(CatchupWindow());
        ScheduleSpecCanonicalizer.Clean(schedule.Spec);
        var info = new ScheduleInfo
        {
            ActionCount = _state.ActionCount,
            MissedCatchupWindow = _state.MissedCatchupWindow,
            OverlapSkipped = _state.OverlapSkipped,
            BufferDropped = _state.BufferDropped,
            BufferSize = _state.Buffered.Count,
            CreateTime = Timestamp.FromDateTimeOffset(_state.CreateTime),
            UpdateTime = _state.UpdateTime is { } updated ? Timestamp.FromDateTimeOffset(updated) : null,
        };
        info.RecentActions.Add(RecentActions(RecentActionCount));
        info.RunningWorkflows.Add(_state.Runs.Where(r => r.Tracked && r.Status == (int)WorkflowExecutionStatus.Running)
            .Select(r => new WorkflowExecution { WorkflowId = r.WorkflowId, RunId = r.RunId.ToString() }));
        info.FutureActionTimes.Add(FutureActionTimes(FutureActionCount).Select(Timestamp.FromDateTimeOffset));
        var memo = _mutation.State.Memo is { } memoBytes ? Memo.Parser.ParseFrom(memoBytes) : new Memo();
        memo.Fields.Remove(SchedulerNames.ListInfoMemoField);
        var attributes = _mutation.State.SearchAttributes is { } saBytes ? SearchAttributes.Parser.ParseFrom(saBytes) : new SearchAttributes();
        attributes.IndexedFields.Remove(SchedulerNames.PausedSearchAttribute);
        return new Temporalio.Api.WorkflowService.V1.DescribeScheduleResponse
        {
            Schedule = schedule,
            Info = info,
            Memo = memo.Fields.Count > 0 ? memo : null,
            SearchAttributes = attributes.IndexedFields.Count > 0 ? attributes : null,
            ConflictToken = ConflictTokenBytes(_state.ConflictToken),
        };
    }

    /// <summary>What ListSchedules shows for the schedule (kept in its visibility row's memo).</summary>
    public ScheduleListInfo ListInfo()
    {
        var spec = _schedule.Spec.Clone();
        spec.TimezoneData = ByteString.Empty;
        Trim(spec.StructuredCalendar);
        Trim(spec.ExcludeStructuredCalendar);
        Trim(spec.Interval);
        var info = new ScheduleListInfo
        {
            Spec = spec,
            WorkflowType = _schedule.Action?.StartWorkflow?.WorkflowType,
            Notes = _schedule.State?.Notes ?? "",
            Paused = _schedule.State?.Paused ?? false,
        };
        info.RecentActions.Add(RecentActions(ListActionCount));
        info.FutureActionTimes.Add(FutureActionTimes(ListActionCount).Select(Timestamp.FromDateTimeOffset));
        return info;
    }

    public static ByteString ConflictTokenBytes(long token)
    {
        var bytes = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes, token);
        return ByteString.CopyFrom(bytes);
    }

    /// <summary>The last <paramref name="count"/> actions in the order they were due (starts that ran together may be recorded in another order).</summary>
    private IEnumerable<ScheduleActionResult> RecentActions(int count) =>
        _state.Runs.OrderBy(r => r.ScheduleTime).Skip(Math.Max(0, _state.Runs.Count - count)).Select(r => new ScheduleActionResult
        {
            ScheduleTime = Timestamp.FromDateTimeOffset(r.ScheduleTime),
            ActualTime = Timestamp.FromDateTimeOffset(r.ActualTime),
            StartWorkflowResult = new WorkflowExecution { WorkflowId = r.WorkflowId, RunId = r.RunId.ToString() },
            StartWorkflowStatus = (WorkflowExecutionStatus)r.Status,
        });

    private static void Trim<T>(Google.Protobuf.Collections.RepeatedField<T> items)
    {
        while (items.Count > 10)
        {
            items.RemoveAt(items.Count - 1);
        }
    }

    /// <summary>Writes the list info and the paused flag into the execution's memo and search attributes when they changed.</summary>
    private void RefreshListing()
    {
        var state = _mutation.State;
        var memo = state.Memo is { } memoBytes ? Memo.Parser.ParseFrom(memoBytes) : new Memo();
        var info = ListInfo().ToByteArray();
        if (!memo.Fields.TryGetValue(SchedulerNames.ListInfoMemoField, out var current) || !current.Data.Span.SequenceEqual(info))
        {
            memo.Fields[SchedulerNames.ListInfoMemoField] = SchedulePayloads.Binary(info);
            state.Memo = memo.ToByteArray();
            _mutation.VisibilityChanged = true;
        }
        var attributes = state.SearchAttributes is { } saBytes ? SearchAttributes.Parser.ParseFrom(saBytes) : new SearchAttributes();
        var paused = SchedulePayloads.Bool(_schedule.State?.Paused ?? false);
        if (!attributes.IndexedFields.TryGetValue(SchedulerNames.PausedSearchAttribute, out var currentPaused) || !currentPaused.Equals(paused))
        {
            attributes.IndexedFields[SchedulerNames.PausedSearchAttribute] = paused;
            state.SearchAttributes = attributes.ToByteArray();
            _mutation.VisibilityChanged = true;
        }
    }
}
