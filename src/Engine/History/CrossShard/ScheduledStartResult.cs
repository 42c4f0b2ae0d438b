namespace Fencepost.Engine.History.CrossShard;

/// <summary>The run a scheduled start started (or already had), or why it started none.</summary>
internal sealed record ScheduledStartResult(Guid RunId, DateTimeOffset StartTime, string Problem)
{
    public bool Started => RunId != Guid.Empty;

    public static ScheduledStartResult NotStarted(string problem, DateTimeOffset now) => new(Guid.Empty, now, problem);
}
