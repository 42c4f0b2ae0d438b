using Fencepost.Engine.Persistence.Errors;
using Fencepost.Engine.Persistence.Model;
using Fencepost.Engine.Persistence.Stores;
using Microsoft.Extensions.Logging;

namespace Fencepost.Engine.Configuration.Dynamic;

/// <summary>
/// Cluster-wide dynamic config over <see cref="IDynamicConfigStore"/>. Lookups read an immutable
/// in-memory snapshot (no I/O on the hot path); <see cref="RefreshAsync"/> replaces the snapshot
/// from the store (at start, on a push from a peer, and on a periodic poll), and
/// <see cref="ApplyAsync"/> writes a change through the store's compare-and-set with an audit record.
/// </summary>
public sealed class PersistedDynamicConfig : IDynamicConfig, IDisposable
{
    private readonly IDynamicConfigStore _store;
    private readonly DynamicConfigRegistry _registry;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<PersistedDynamicConfig> _logger;
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private readonly Lock _writeLock = new();
    private DynamicConfigSnapshot _snapshot = DynamicConfigSnapshot.Empty;
    private long _version;
    private long _localWrites;

    public PersistedDynamicConfig(IDynamicConfigStore store, DynamicConfigRegistry registry, TimeProvider timeProvider,
        ILogger<PersistedDynamicConfig> logger)
    {
        _store = store;
        _registry = registry;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public long Version => Interlocked.Read(ref _version);

    /// <summary>True once a refresh from the store has succeeded; before that lookups return defaults.</summary>
    public bool IsLoaded { get; private set; }

    public event EventHandler? Changed;

    /// <summary>Raised after a change made through this node was stored, so the node can tell its peers.</summary>
    public event EventHandler<DynamicConfigEntryChangedEventArgs>? LocalChangeStored;

    /// <summary>Every stored value, for the console.</summary>
    public IReadOnlyCollection<DynamicConfigEntry> Entries => Volatile.Read(ref _snapshot).Entries;

    public T Get<T>(DynamicConfigKey<T> key, string? namespaceName = null, string? taskQueue = null)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        if (taskQueue is not null && namespaceName is not null
            && snapshot.TryGet(key, DynamicConfigScopes.TaskQueue, DynamicConfigScopes.TaskQueueValue(namespaceName, taskQueue), _logger, out var byQueue))
        {
            return byQueue;
        }
        if (namespaceName is not null && snapshot.TryGet(key, DynamicConfigScopes.Namespace, namespaceName, _logger, out var byNamespace))
        {
            return byNamespace;
        }
        return snapshot.TryGet(key, DynamicConfigScopes.Global, string.Empty, _logger, out var global) ? global : key.Default;
    }

    /// <summary>The stored entry at exactly this scope, or null (the key then falls back to a less specific scope).</summary>
    public DynamicConfigEntry? Find(string key, string scope, string scopeValue) =>
        Volatile.Read(ref _snapshot).Find(key, scope, scopeValue);

    /// <summary>Re-reads every row; raises <see cref="Changed"/> when anything differs. Returns whether it did.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _refreshGate.WaitAsync(cancellationToken);
        try
        {
            // A change stored by this node while the list was being read may be missing from it;
            // read again rather than step the snapshot back to before that change.
            for (var attempt = 0; ; attempt++)
            {
                var writesBefore = Interlocked.Read(ref _localWrites);
                var rows = await _store.ListEntriesAsync(cancellationToken);
                lock (_writeLock)
                {
                    if (Interlocked.Read(ref _localWrites) != writesBefore && attempt < 3)
                    {
                        continue;
                    }
                    IsLoaded = true;
                    var next = DynamicConfigSnapshot.From(rows);
                    if (next.SameVersionsAs(_snapshot))
                    {
                        return false;
                    }
                    Volatile.Write(ref _snapshot, next);
                    Interlocked.Increment(ref _version);
                }
                RaiseChanged();
                return true;
            }
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    /// <summary>
    /// Validates and stores a change. Throws <see cref="DynamicConfigChangeRejectedException"/> for an
    /// unknown key, a scope the key does not allow, an invalid value or a missing reason, and
    /// <see cref="ConditionFailedException"/> when the value changed since <see cref="DynamicConfigChangeRequest.ExpectedVersion"/>.
    /// </summary>
    public async Task<DynamicConfigEntry?> ApplyAsync(DynamicConfigChangeRequest request, CancellationToken cancellationToken = default)
    {
        Check(request);
        DynamicConfigEntry? stored;
        if (request.ValueJson is null)
        {
            await _store.DeleteEntryAsync(request.Key, request.Scope, request.ScopeValue, request.ExpectedVersion, request.ChangedBy, request.Reason.Trim(), cancellationToken);
            stored = null;
        }
        else
        {
            var entry = new DynamicConfigEntry(request.Key, request.Scope, request.ScopeValue, request.ValueJson, request.ExpectedVersion + 1,
                request.ChangedBy, _timeProvider.GetUtcNow(), request.Reason.Trim());
            stored = await _store.SetEntryAsync(entry, request.ExpectedVersion, cancellationToken);
        }
        lock (_writeLock)
        {
            Interlocked.Increment(ref _localWrites);
            Volatile.Write(ref _snapshot, stored is null
                ? _snapshot.Without(request.Key, request.Scope, request.ScopeValue)
                : _snapshot.With(stored));
            Interlocked.Increment(ref _version);
        }
        DynamicConfigLog.ChangeStored(_logger, request.Key, request.Scope, request.ScopeValue, request.ChangedBy, request.Reason);
        RaiseChanged();
        LocalChangeStored?.Invoke(this, new DynamicConfigEntryChangedEventArgs(request.Key, request.Scope, request.ScopeValue));
        return stored;
    }

    public void Dispose() => _refreshGate.Dispose();

    public Task<IReadOnlyList<DynamicConfigAuditRecord>> ListAuditAsync(int limit, CancellationToken cancellationToken = default) =>
        _store.ListAuditAsync(limit, cancellationToken);

    private void Check(DynamicConfigChangeRequest request)
    {
        var key = _registry.Find(request.Key)
            ?? throw new DynamicConfigChangeRejectedException($"'{request.Key}' is not a dynamic config key.");
        var scope = DynamicConfigScopes.Parse(request.Scope)
            ?? throw new DynamicConfigChangeRejectedException($"'{request.Scope}' is not a scope; use global, namespace or taskqueue.");
        if (!key.Scopes.HasFlag(scope))
        {
            throw new DynamicConfigChangeRejectedException($"'{key.Name}' cannot be set per {request.Scope}; it allows {key.Scopes}.");
        }
        if (scope == DynamicConfigScope.Global ? request.ScopeValue.Length != 0 : string.IsNullOrWhiteSpace(request.ScopeValue))
        {
            throw new DynamicConfigChangeRejectedException(scope == DynamicConfigScope.Global
                ? "A global value names no namespace or task queue."
                : $"Name the {request.Scope} this value applies to.");
        }
        if (scope == DynamicConfigScope.TaskQueue && request.ScopeValue.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
        {
            throw new DynamicConfigChangeRejectedException("A task queue is named as namespace/task-queue.");
        }
        if (request.ValueJson is not null && key.Validate(request.ValueJson) is { } problem)
        {
            throw new DynamicConfigChangeRejectedException(problem);
        }
        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            throw new DynamicConfigChangeRejectedException("Say why: every change needs a reason for the audit log.");
        }
        if (string.IsNullOrWhiteSpace(request.ChangedBy))
        {
            throw new DynamicConfigChangeRejectedException("A change needs the name of who makes it.");
        }
    }

    private void RaiseChanged()
    {
        if (Changed is not { } handlers)
        {
            return;
        }
        // One failing subscriber must not keep the others (or the refresh loop) from the news.
        foreach (var handler in handlers.GetInvocationList().Cast<EventHandler>())
        {
            try
            {
                handler(this, EventArgs.Empty);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                DynamicConfigLog.SubscriberFailed(_logger, ex);
            }
        }
    }
}
