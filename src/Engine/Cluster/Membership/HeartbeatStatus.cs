namespace Fencepost.Engine.Cluster.Membership;

/// <summary>
/// What this node's heartbeater has done so far and when it writes next (for the console and tests).
/// <see cref="NextBeatAt"/> is null while a beat is being written and after leaving.
/// </summary>
public sealed record HeartbeatStatus(
    long Beats,
    long Failures,
    DateTimeOffset? LastBeatAt,
    DateTimeOffset? NextBeatAt,
    bool Left)
{
    public static HeartbeatStatus NotStarted { get; } = new(0, 0, null, null, false);
}
