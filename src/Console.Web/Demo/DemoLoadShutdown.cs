namespace Fencepost.ConsoleWeb.Demo;

/// <summary>Stops the demo load when the host stops, before the engine it talks to (hosted services stop in reverse order).</summary>
internal sealed class DemoLoadShutdown(IDemoLoad demoLoad) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => demoLoad.StopAsync(cancellationToken);
}
