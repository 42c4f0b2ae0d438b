namespace Fencepost.ConsoleWeb.Demo;

/// <summary>
/// Where the demo load stands: whether it runs, since when and started by whom, and how many
/// workflows it started, saw complete and saw fail since then.
/// </summary>
public sealed record DemoLoadStatus(bool Running, DateTimeOffset? Since, string? StartedBy, long Started, long Completed, long Failed, string? LastError)
{
    public static DemoLoadStatus Off { get; } = new(false, null, null, 0, 0, 0, null);
}
