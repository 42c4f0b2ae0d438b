namespace Fencepost.ConsoleWeb.Demo;

/// <summary>Stops the demo load when the host stops, before the engine it talks to (hosted services stop in reverse order).</summary>
internal sealed class DemoLoadShutdown(IDemoLoad demoLoad, ILogger<DemoLoadShutdown> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await demoLoad.StopAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's shutdown timeout ran out (perhaps spent by services that stopped before
            // this one): the demo's own workflows end with the process. Throwing here would make
            // the host report a failed stop and skip nothing useful.
            DemoLoadLog.StopAbandoned(logger);
        }
    }
}
