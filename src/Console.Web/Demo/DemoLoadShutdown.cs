namespace Fencepost.ConsoleWeb.Demo;

/// <summary>
/// Stops the demo load first when the host stops: in <see cref="StoppingAsync"/>, which the host runs
/// for every service before it stops any, so the demo's client and worker are gone before the server
/// stops accepting calls (the web server stops before the hosted services registered after it). Left
/// to a plain StopAsync, the demo's client kept retrying starts against a closed frontend for 30 s.
/// </summary>
internal sealed class DemoLoadShutdown(IDemoLoad demoLoad, ILogger<DemoLoadShutdown> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await demoLoad.StopAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's shutdown timeout ran out: the demo's own workflows end with the process.
            // Throwing here would make the host report a failed stop and skip nothing useful.
            DemoLoadLog.StopAbandoned(logger);
        }
    }

    /// <summary>Nothing left to do: <see cref="StoppingAsync"/> stopped the load.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
