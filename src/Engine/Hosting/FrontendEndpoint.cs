using System.Net;
using Microsoft.Extensions.Hosting;

namespace Fencepost.Engine.Hosting;

/// <summary>The frontend's address, ready once the application has started listening.</summary>
internal sealed class FrontendEndpoint : IFrontendEndpoint
{
    private readonly TaskCompletionSource<Uri> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Uri _address;

    public FrontendEndpoint(IHostApplicationLifetime lifetime, FrontendListener listener)
    {
        _address = listener.LocalPort is { } local ? new Uri($"http://{IPAddress.Loopback}:{local}") : new Uri($"http://{listener.Address}:{listener.Port}");
        PublicTarget = $"{listener.Address}:{listener.Port}";
        lifetime.ApplicationStarted.Register(() => _ready.TrySetResult(_address));
    }

    public Uri Address => _address;

    public string Target => $"{_address.Host}:{_address.Port}";

    public string PublicTarget { get; }

    public Task<Uri> WhenReady => _ready.Task;
}
