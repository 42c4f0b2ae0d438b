using System.Security.Claims;

namespace Fencepost.ConsoleWeb.Demo;

/// <summary>The overview's "demo load" switch: a small built-in workload against this process's own frontend.</summary>
public interface IDemoLoad
{
    DemoLoadStatus Status { get; }

    /// <summary>Raised after the load started or stopped (on the thread that did it).</summary>
    event EventHandler? Changed;

    /// <summary>Starts the worker and the starter loop; operators only, never in read-only mode.</summary>
    Task StartAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default);

    /// <summary>Stops starting workflows, then stops the worker (in-flight workflows finish or are left for a later worker).</summary>
    Task StopAsync(CancellationToken cancellationToken = default);
}
