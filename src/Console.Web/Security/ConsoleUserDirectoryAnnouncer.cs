namespace Fencepost.ConsoleWeb.Security;

/// <summary>Builds the user directory at start, so the first-run admin's password appears in the start-up log.</summary>
internal sealed class ConsoleUserDirectoryAnnouncer(ConsoleUserDirectory directory) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Injecting the directory built it; nothing else to do.
        GC.KeepAlive(directory);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
