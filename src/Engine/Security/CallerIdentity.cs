namespace Fencepost.Engine.Security;

/// <summary>Who made a call, as the frontend established it, and what they may do.</summary>
public sealed record CallerIdentity(string Name, CallerPermissions Permissions)
{
    /// <summary>True for this process's own console client, which read-only mode restrains.</summary>
    public bool IsLocalConsole { get; init; }
}
