using Microsoft.Extensions.Hosting;

namespace Fencepost.Engine.Hosting;

/// <summary>The frontend's address, ready once the application has started listening.</summary>
internal sealed class FrontendEndpoint : IFrontendEndpoint
{
    private readonly TaskCompletionSource<Uri> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Uri _address;

    public FrontendEndpoint(IHostApplicationLifetime lifetime, FrontendListener listener)
    {
        _address = new Uri($"http://{listener.Address}:{listener.Port}");
        lifetime.ApplicationStarted.Register(() => _ready.TrySetResult(_address));
    }

    public Uri Address => _address;

    public string Target => $"{_address.Host}:{_address.Port}";

    public Task<Uri> WhenReady => _ready.Task;
}
