namespace Fencepost.ConsoleWeb.Demo;

/// <summary>
/// Where the demo load stands: whether it runs, since when and started by whom, how many workflows
/// the server accepted, and of those how many completed and failed; starts the server refused are
/// counted apart, so every accepted workflow is completed, failed or still running.
/// </summary>
public sealed record DemoLoadStatus(bool Running, DateTimeOffset? Since, string? StartedBy, long Started, long Completed, long Failed, string? LastError)
{
    public static DemoLoadStatus Off { get; } = new(false, null, null, 0, 0, 0, null);

    /// <summary>Starts that never reached the server or that it refused.</summary>
    public long StartsRefused { get; init; }

    /// <summary>Accepted workflows that have neither completed nor failed (yet, or when the load stopped).</summary>
    public long Unfinished => Started - Completed - Failed;
}
