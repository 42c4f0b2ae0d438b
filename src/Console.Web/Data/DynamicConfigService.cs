using System.Security.Claims;
using Fencepost.ConsoleWeb.Configuration;
using Fencepost.ConsoleWeb.Security;
using Fencepost.Engine.Configuration.Dynamic;
using Fencepost.Engine.Persistence.Model;

namespace Fencepost.ConsoleWeb.Data;

/// <summary>
/// The Dynamic config page's model: every registered key with its stored values, and changes
/// checked against the signed-in user's permissions before they reach the store.
/// </summary>
public sealed class DynamicConfigService(PersistedDynamicConfig config, DynamicConfigRegistry registry, ConsolePermissions permissions)
{
    public PersistedDynamicConfig Config => config;

    public IReadOnlyList<DynamicConfigRow> Rows()
    {
        var entries = config.Entries.ToLookup(e => e.Key, StringComparer.Ordinal);
        return registry.Keys
            .OrderBy(k => k.Name, StringComparer.Ordinal)
            .Select(k => new DynamicConfigRow(
                k,
                entries[k.Name].FirstOrDefault(e => e.Scope == DynamicConfigScopes.Global),
                entries[k.Name].Where(e => e.Scope != DynamicConfigScopes.Global)
                    .OrderBy(e => e.Scope, StringComparer.Ordinal).ThenBy(e => e.ScopeValue, StringComparer.Ordinal).ToList()))
            .ToList();
    }

    /// <summary>Stores a change as <paramref name="user"/>; refuses when the user may not operate.</summary>
    public Task<DynamicConfigEntry?> ChangeAsync(ClaimsPrincipal user, string key, string scope, string scopeValue, string? valueJson,
        long expectedVersion, string reason, CancellationToken cancellationToken = default)
    {
        permissions.EnsureCanOperate(user);
        if (key == ConsoleDynamicConfigKeys.ReadOnly.Name && !permissions.CanAdminister(user))
        {
            throw new UnauthorizedAccessException("Only admins move the read-only switch.");
        }
        var name = user.Identity?.Name ?? throw new UnauthorizedAccessException("Sign in to change config.");
        return config.ApplyAsync(new DynamicConfigChangeRequest(key, scope, scopeValue, valueJson, expectedVersion, name, reason), cancellationToken);
    }

    public Task<IReadOnlyList<DynamicConfigAuditRecord>> AuditAsync(int limit, CancellationToken cancellationToken = default) =>
        config.ListAuditAsync(limit, cancellationToken);
}
