using Fencepost.Engine.Hosting;
using Fencepost.Engine.Security;
using Microsoft.Extensions.Options;
using Temporalio.Client;

namespace Fencepost.ConsoleWeb.Data;

/// <summary>
/// One Temporal client connected to this process's own frontend, made on first use. The console's
/// writes (signal, cancel, terminate) and its benchmarks go through it, so they take the same path,
/// validation and history records as any SDK or CLI client.
/// </summary>
public sealed class FrontendClient(IFrontendEndpoint endpoint, IOptions<FrontendAuthOptions> auth, LocalConsoleCredential credential) : IAsyncDisposable
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
                    // With auth on, the console calls as itself: the frontend knows this process's
                    // token, and refuses the console's writes while it is read-only. Sent as a header
                    // rather than the SDK's API key option, which would also turn TLS on.
                    RpcMetadata = auth.Value.Enabled ? [new("authorization", "Bearer " + credential.Token)] : null,
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
