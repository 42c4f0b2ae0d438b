using Fencepost.ConsoleWeb.Configuration;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Security;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;

namespace Fencepost.ConsoleWeb.Hosting;

/// <summary>
/// Connects to each peer's <see cref="DynamicConfigHub"/> and re-reads dynamic config from the
/// store when a peer says it changed something, so a change reaches every node within moments
/// rather than at the next poll. Keeps retrying peers that are down.
/// </summary>
internal sealed class DynamicConfigPeerListener(PersistedDynamicConfig config, IOptions<ConsoleOptions> options, IOptionsMonitor<FrontendAuthOptions> auth,
    TimeProvider timeProvider, ILogger<DynamicConfigPeerListener> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(options.Value.Peers.Select(peer => ListenAsync(peer, stoppingToken)));

    private async Task ListenAsync(string peer, CancellationToken stoppingToken)
    {
        var url = new Uri(new Uri(peer), DynamicConfigHub.Path);
        // The peer's hub takes nodes by the cluster's node credential, made anew for every (re)connect.
        await using var connection = new HubConnectionBuilder()
            .WithUrl(url, http => http.AccessTokenProvider = () => Task.FromResult(
                auth.CurrentValue.NodeSecret is { Length: > 0 } secret ? NodeCredential.Create(secret, timeProvider.GetUtcNow()) : null))
            .WithAutomaticReconnect()
            .Build();
        connection.On<string>(DynamicConfigHub.ChangedMethod, _ => RefreshAsync(stoppingToken));
        // Changes made while the connection was down were not pushed: read them now.
        connection.Reconnected += _ => RefreshAsync(stoppingToken);
        try
        {
            while (!await TryConnectAsync(connection, peer, stoppingToken))
            {
                await Task.Delay(RetryDelay, timeProvider, stoppingToken);
            }
            // Automatic reconnect takes over from here; hold the connection until shutdown.
            await Task.Delay(Timeout.InfiniteTimeSpan, timeProvider, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task<bool> TryConnectAsync(HubConnection connection, string peer, CancellationToken stoppingToken)
    {
        try
        {
            await connection.StartAsync(stoppingToken);
            await RefreshAsync(stoppingToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ConsoleLog.PeerConnectFailed(logger, peer, ex);
            return false;
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            await config.RefreshAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ConsoleLog.PeerRefreshFailed(logger, ex);
        }
    }
}
