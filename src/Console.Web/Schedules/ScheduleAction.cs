namespace Fencepost.ConsoleWeb.Schedules;

/// <summary>What an operator can do to a schedule from its page.</summary>
public enum ScheduleAction
{
    Pause,
    Unpause,
    Trigger,
    Backfill,
}
