using Fencepost.ConsoleWeb.Configuration;
using Fencepost.Engine.Configuration.Dynamic;
using Microsoft.Extensions.Options;

namespace Fencepost.ConsoleWeb.Security;

/// <summary>
/// Keeps this node's <see cref="ReadOnlyMode"/> equal to the stored switch: on start (the stored
/// value survives a restart) and whenever dynamic config changes (another node's admin moved it).
/// Configuration's <c>Fencepost:Console:ReadOnly</c> forces it on.
/// </summary>
internal sealed class ReadOnlyFollower(ReadOnlyMode mode, IDynamicConfig config, IOptions<ConsoleOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        config.Changed += OnChanged;
        Follow();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        config.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    private void OnChanged(object? sender, EventArgs e) => Follow();

    private void Follow() => mode.Set(options.Value.ReadOnly || config.Get(ConsoleDynamicConfigKeys.ReadOnly));
}
