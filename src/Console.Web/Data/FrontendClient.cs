using Fencepost.Engine.Hosting;
using Temporalio.Client;

namespace Fencepost.ConsoleWeb.Data;

/// <summary>
/// One Temporal client connected to this process's own frontend, made on first use. The console's
/// writes (signal, cancel, terminate) and its benchmarks go through it, so they take the same path,
/// validation and history records as any SDK or CLI client.
/// </summary>
public sealed class FrontendClient(IFrontendEndpoint endpoint) : IAsyncDisposable
{
    public const string DefaultNamespace = "default";

    private readonly SemaphoreSlim _connecting = new(1, 1);
    private TemporalClient? _client;

    /// <summary>The connected client; a failed connection is retried on the next call.</summary>
    public async Task<TemporalClient> GetAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _client) is { } client)
        {
            return client;
        }
        await _connecting.WaitAsync(cancellationToken);
        try
        {
            if (_client is null)
            {
                var target = await endpoint.WhenReady.WaitAsync(cancellationToken);
                _client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions($"{target.Host}:{target.Port}")
                {
                    Namespace = DefaultNamespace,
                });
            }
            return _client;
        }
        finally
        {
            _connecting.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        _connecting.Dispose();
        return ValueTask.CompletedTask;
    }
}
