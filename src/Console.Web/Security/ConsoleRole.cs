namespace Fencepost.ConsoleWeb.Security;

/// <summary>What a user may do; each role includes the ones below it.</summary>
public enum ConsoleRole
{
    /// <summary>Reads every page.</summary>
    Viewer = 0,

    /// <summary>Also changes config, signals, cancels and terminates workflows, starts benchmarks.</summary>
    Operator = 1,

    /// <summary>Also manages users and the read-only switch.</summary>
    Admin = 2,
}
