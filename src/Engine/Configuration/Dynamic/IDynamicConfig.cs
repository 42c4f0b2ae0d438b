namespace Fencepost.Engine.Configuration.Dynamic;

/// <summary>
/// Live dynamic config. Read values at the point of use (never cache them in a field): a change
/// made in the console applies to every running service without a restart.
/// </summary>
public interface IDynamicConfig
{
    /// <summary>The value for the most specific scope set (task queue, then namespace, then global), else the key's default.</summary>
    T Get<T>(DynamicConfigKey<T> key, string? namespaceName = null, string? taskQueue = null);

    /// <summary>Increments whenever any value changes; cheap to poll.</summary>
    long Version { get; }

    /// <summary>Raised after values changed (on an arbitrary thread).</summary>
    event EventHandler? Changed;
}
