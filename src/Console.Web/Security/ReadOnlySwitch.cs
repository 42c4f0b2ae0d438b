using Fencepost.ConsoleWeb.Configuration;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Persistence.Errors;
using Microsoft.Extensions.Options;

namespace Fencepost.ConsoleWeb.Security;

/// <summary>
/// Moves the read-only switch for the whole cluster: the value is stored as the
/// <see cref="ConsoleDynamicConfigKeys.ReadOnly"/> key (audited, pushed to every node, read again
/// after a restart), and this node's <see cref="ReadOnlyMode"/> follows at once.
/// </summary>
public sealed class ReadOnlySwitch(ReadOnlyMode mode, PersistedDynamicConfig config, IOptions<ConsoleOptions> options)
{
    /// <summary>Stores the switch as <paramref name="changedBy"/>; returns why it could not, or null.</summary>
    public async Task<string?> SetAsync(bool enabled, string changedBy, CancellationToken cancellationToken = default)
    {
        if (!enabled && options.Value.ReadOnly)
        {
            return $"Read-only is set in configuration ({ConsoleOptions.SectionName}:ReadOnly); change it there.";
        }
        var key = ConsoleDynamicConfigKeys.ReadOnly.Name;
        var stored = config.Entries.FirstOrDefault(e => e.Key == key && e.Scope == DynamicConfigScopes.Global);
        try
        {
            await config.ApplyAsync(new DynamicConfigChangeRequest(key, DynamicConfigScopes.Global, string.Empty, enabled ? "true" : "false",
                stored?.Version ?? 0, changedBy, enabled ? "Read-only switched on" : "Read-only switched off"), cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionFailedException)
        {
            return "Someone moved the switch at the same moment; look again and retry.";
        }
        mode.Set(enabled || options.Value.ReadOnly);
        return null;
    }
}
