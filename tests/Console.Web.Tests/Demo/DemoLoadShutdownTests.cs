using System.Security.Claims;
using Fencepost.ConsoleWeb.Demo;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fencepost.ConsoleWeb.Tests.Demo;

public class DemoLoadShutdownTests
{
    [Fact]
    public async Task StoppingAsync_HostShutdownTimeoutAlreadySpent_DoesNotFailTheHostStop()
    {
        var shutdown = new DemoLoadShutdown(new GateHeldDemoLoad(), NullLogger<DemoLoadShutdown>.Instance);
        using var spent = new CancellationTokenSource();
        await spent.CancelAsync();

        // A host whose earlier services used up the shutdown timeout hands over a cancelled token.
        var stop = await Record.ExceptionAsync(() => shutdown.StoppingAsync(spent.Token));

        Assert.Null(stop);
    }

    [Fact]
    public async Task StoppingAsync_TimeLeft_StopsTheDemoLoad()
    {
        var demo = new GateHeldDemoLoad { Held = false };
        var shutdown = new DemoLoadShutdown(demo, NullLogger<DemoLoadShutdown>.Instance);

        await shutdown.StoppingAsync(CancellationToken.None);

        Assert.True(demo.Stopped);
    }

    /// <summary>Waits for its gate with the caller's token, as the real demo load does.</summary>
    private sealed class GateHeldDemoLoad : IDemoLoad
    {
        public bool Held { get; init; } = true;

        public bool Stopped { get; private set; }

        public DemoLoadStatus Status => DemoLoadStatus.Off;

        public event EventHandler? Changed;

        public Task StartAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public async Task StopAsync(CancellationToken cancellationToken = default)
        {
            if (Held)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            Stopped = true;
            Changed?.Invoke(this, EventArgs.Empty);
        }
    }
}
