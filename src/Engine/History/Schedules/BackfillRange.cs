namespace Fencepost.Engine.History.Schedules;

/// <summary>A backfill still being worked through: the spec's times in (After, End] become manual actions, a bounded number per step.</summary>
internal sealed class BackfillRange
{
    public DateTimeOffset After { get; set; }

    public DateTimeOffset End { get; set; }

    public int OverlapPolicy { get; set; }
}
