namespace Fencepost.Engine.History.Schedules;

/// <summary>How the overlap policy stops the running workflow (terminate outranks cancel).</summary>
internal enum ScheduledStopKind
{
    None = 0,
    Cancel = 1,
    Terminate = 2,
}
