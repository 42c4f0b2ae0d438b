using System.Security.Claims;
using Fencepost.ConsoleWeb.Demo;

namespace Fencepost.ConsoleWeb.Tests.Fakes;

/// <summary>A demo load that only records what it was asked to do.</summary>
public sealed class FakeDemoLoad : IDemoLoad
{
    public DemoLoadStatus Status { get; set; } = DemoLoadStatus.Off;

    public List<string> Calls { get; } = [];

    public event EventHandler? Changed;

    public Task StartAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        Calls.Add("start by " + user.Identity?.Name);
        Status = new DemoLoadStatus(true, DateTimeOffset.UnixEpoch, user.Identity?.Name, 0, 0, 0, null);
        Changed?.Invoke(this, EventArgs.Empty);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        Calls.Add("stop");
        Status = DemoLoadStatus.Off;
        Changed?.Invoke(this, EventArgs.Empty);
        return Task.CompletedTask;
    }
}
