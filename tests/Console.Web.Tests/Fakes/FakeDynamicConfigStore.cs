using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;

namespace Fencepost.ConsoleWeb.Tests.Fakes;

/// <summary>An in-memory dynamic config store with the real one's compare-and-set and audit behaviour.</summary>
public sealed class FakeDynamicConfigStore : IDynamicConfigStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string, string, string), DynamicConfigEntry> _entries = [];
    private readonly List<DynamicConfigAuditRecord> _audit = [];

    public int ListCalls { get; private set; }

    public Task<IReadOnlyList<DynamicConfigEntry>> ListEntriesAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            ListCalls++;
            return Task.FromResult<IReadOnlyList<DynamicConfigEntry>>([.. _entries.Values]);
        }
    }

    public Task<DynamicConfigEntry> SetEntryAsync(DynamicConfigEntry entry, long expectedVersion, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var id = (entry.Key, entry.Scope, entry.ScopeValue);
            var current = _entries.GetValueOrDefault(id);
            if ((current?.Version ?? 0) != expectedVersion)
            {
                throw new ConditionFailedException($"{entry.Key} is at version {current?.Version ?? 0}, not {expectedVersion}.");
            }
            var stored = entry with { Version = expectedVersion + 1 };
            _entries[id] = stored;
            _audit.Add(new DynamicConfigAuditRecord(_audit.Count + 1, entry.Key, entry.Scope, entry.ScopeValue, current?.ValueJson,
                entry.ValueJson, stored.Version, entry.UpdatedBy, entry.UpdatedAt, entry.Reason));
            return Task.FromResult(stored);
        }
    }

    public Task DeleteEntryAsync(string key, string scope, string scopeValue, long expectedVersion, string changedBy, string reason,
        CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var id = (key, scope, scopeValue);
            if (!_entries.TryGetValue(id, out var current))
            {
                throw new EntityNotFoundException($"{key} has no value at {scope} {scopeValue}.");
            }
            if (current.Version != expectedVersion)
            {
                throw new ConditionFailedException($"{key} is at version {current.Version}, not {expectedVersion}.");
            }
            _entries.Remove(id);
            _audit.Add(new DynamicConfigAuditRecord(_audit.Count + 1, key, scope, scopeValue, current.ValueJson, null, current.Version + 1,
                changedBy, DateTimeOffset.UnixEpoch, reason));
            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<DynamicConfigAuditRecord>> ListAuditAsync(int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<DynamicConfigAuditRecord>>([.. _audit.AsEnumerable().Reverse().Take(limit)]);
        }
    }

    /// <summary>Writes a row as another node would, without going through this node's config.</summary>
    public void SetFromElsewhere(string key, string scope, string scopeValue, string json, string by)
    {
        lock (_lock)
        {
            var current = _entries.GetValueOrDefault((key, scope, scopeValue));
            var version = (current?.Version ?? 0) + 1;
            _entries[(key, scope, scopeValue)] = new DynamicConfigEntry(key, scope, scopeValue, json, version, by, DateTimeOffset.UnixEpoch, "elsewhere");
            _audit.Add(new DynamicConfigAuditRecord(_audit.Count + 1, key, scope, scopeValue, current?.ValueJson, json, version, by,
                DateTimeOffset.UnixEpoch, "elsewhere"));
        }
    }
}
