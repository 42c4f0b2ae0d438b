using System.Collections.Concurrent;

namespace Fencepost.Engine.Configuration.Dynamic;

/// <summary>
/// Dynamic config held in this process only: defaults plus values set in code. Used by tests and
/// tools; the running product uses the persisted, cluster-wide implementation.
/// </summary>
public sealed class InMemoryDynamicConfig : IDynamicConfig
{
    private readonly ConcurrentDictionary<(string Key, string? Namespace, string? TaskQueue), object> _values = new();
    private long _version;

    public long Version => Interlocked.Read(ref _version);

    public event EventHandler? Changed;

    public T Get<T>(DynamicConfigKey<T> key, string? namespaceName = null, string? taskQueue = null)
    {
        if (taskQueue is not null && _values.TryGetValue((key.Name, namespaceName, taskQueue), out var byQueue)) return (T)byQueue;
        if (namespaceName is not null && _values.TryGetValue((key.Name, namespaceName, null), out var byNamespace)) return (T)byNamespace;
        return _values.TryGetValue((key.Name, null, null), out var global) ? (T)global : key.Default;
    }

    public void Set<T>(DynamicConfigKey<T> key, T value, string? namespaceName = null, string? taskQueue = null)
    {
        if (key.Validate(key.Serialize(value)) is { } problem)
        {
            throw new ArgumentException(problem, nameof(value));
        }
        _values[(key.Name, namespaceName, taskQueue)] = value!;
        Interlocked.Increment(ref _version);
        Changed?.Invoke(this, EventArgs.Empty);
    }
}
