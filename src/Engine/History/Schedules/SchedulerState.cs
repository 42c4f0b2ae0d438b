namespace Fencepost.Engine.History.Schedules;

/// <summary>
/// A schedule and its scheduler's progress, persisted with the scheduler run's mutable state (so it
/// is written through the shard's fenced writer together with its timer and transfer tasks).
/// Protobuf values are kept as their serialized bytes.
/// </summary>
internal sealed class SchedulerState
{
    public string ScheduleId { get; set; } = "";

    /// <summary>The schedule (Temporalio.Api.Schedule.V1.Schedule) with its spec in canonical form.</summary>
    public byte[] Schedule { get; set; } = [];

    public long ConflictToken { get; set; } = 1;

    public DateTimeOffset CreateTime { get; set; }

    public DateTimeOffset? UpdateTime { get; set; }

    /// <summary>Spec times up to here have been turned into actions (or skipped).</summary>
    public DateTimeOffset LastProcessedTime { get; set; }

    /// <summary>When the armed wake-up timer fires; a timer that finds another armed, later one changes nothing.</summary>
    public DateTimeOffset? ArmedWakeup { get; set; }

    public long ActionCount { get; set; }

    public long MissedCatchupWindow { get; set; }

    public long OverlapSkipped { get; set; }

    public long BufferDropped { get; set; }

    /// <summary>Numbers the starts, for their deterministic request ids.</summary>
    public long StartSequence { get; set; }

    public List<BufferedAction> Buffered { get; set; } = [];

    public List<BackfillRange> Backfills { get; set; } = [];

    public List<PendingScheduledStart> Starting { get; set; } = [];

    /// <summary>The most recent actions, oldest first, with running ones kept until they close.</summary>
    public List<ScheduledRun> Runs { get; set; } = [];

    /// <summary>The last successful run's result (Payloads), passed to the next run as its last completion result.</summary>
    public byte[]? LastCompletionResult { get; set; }

    /// <summary>The last failed run's failure (Failure), passed to the next run.</summary>
    public byte[]? ContinuedFailure { get; set; }
}
