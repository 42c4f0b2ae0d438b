using Fencepost.Engine.Persistence.Model;

namespace Fencepost.Engine.Persistence.Stores;

/// <summary>Versioned dynamic-config rows with an audit log written in the same transaction as each change.</summary>
public interface IDynamicConfigStore
{
    Task<IReadOnlyList<DynamicConfigEntry>> ListEntriesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets the value when the stored version is <paramref name="expectedVersion"/> (0: must not exist),
    /// stores version expectedVersion + 1 and appends an audit record. Returns the stored entry.
    /// </summary>
    Task<DynamicConfigEntry> SetEntryAsync(DynamicConfigEntry entry, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Removes the value (back to its default) when at <paramref name="expectedVersion"/>, with an audit record.</summary>
    Task DeleteEntryAsync(string key, string scope, string scopeValue, long expectedVersion, string changedBy, string reason, CancellationToken cancellationToken = default);

    /// <summary>The newest audit records first.</summary>
    Task<IReadOnlyList<DynamicConfigAuditRecord>> ListAuditAsync(int limit, CancellationToken cancellationToken = default);
}
