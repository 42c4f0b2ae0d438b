using Fencepost.Engine.Configuration.Dynamic;
using Microsoft.AspNetCore.SignalR;

namespace Fencepost.ConsoleWeb.Hosting;

/// <summary>Pushes every change stored through this node to the peers listening on its <see cref="DynamicConfigHub"/>.</summary>
internal sealed class DynamicConfigPeerBroadcaster(PersistedDynamicConfig config, IHubContext<DynamicConfigHub> hub,
    ILogger<DynamicConfigPeerBroadcaster> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        config.LocalChangeStored += OnLocalChangeStored;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        config.LocalChangeStored -= OnLocalChangeStored;
        return Task.CompletedTask;
    }

    private void OnLocalChangeStored(object? sender, DynamicConfigEntryChangedEventArgs e) => _ = PushAsync(e.Key);

    private async Task PushAsync(string key)
    {
        try
        {
            await hub.Clients.All.SendAsync(DynamicConfigHub.ChangedMethod, key);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The peers' periodic poll picks the change up anyway.
            ConsoleLog.PeerPushFailed(logger, key, ex);
        }
    }
}
