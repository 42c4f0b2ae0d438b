using Fencepost.ConsoleWeb.Configuration;
using Microsoft.Extensions.Options;

namespace Fencepost.ConsoleWeb.Security;

/// <summary>The process-wide switch that disables every write (e.g. during a benchmark).</summary>
public sealed class ReadOnlyMode(IOptions<ConsoleOptions> options)
{
    private volatile bool _enabled = options.Value.ReadOnly;

    public bool IsEnabled => _enabled;

    /// <summary>Raised after the switch moved (on the thread that moved it).</summary>
    public event EventHandler? Changed;

    public void Set(bool enabled)
    {
        if (_enabled == enabled)
        {
            return;
        }
        _enabled = enabled;
        Changed?.Invoke(this, EventArgs.Empty);
    }
}
