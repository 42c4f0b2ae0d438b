using Fencepost.Engine.Configuration.Dynamic;
using Microsoft.Extensions.DependencyInjection;

namespace Fencepost.Engine.Sdk.Tests;

/// <summary>
/// A dynamic config key set for the "default" namespace of a test engine until disposed, which puts
/// back the value the namespace saw before, so the other tests sharing the fixture see it unchanged.
/// </summary>
public sealed class DefaultNamespaceConfigOverride<T> : IDisposable
{
    private const string Namespace = "default";

    private readonly InMemoryDynamicConfig _config;
    private readonly DynamicConfigKey<T> _key;
    private readonly T _previous;

    public DefaultNamespaceConfigOverride(IServiceProvider engine, DynamicConfigKey<T> key, T value)
    {
        // The engine hosted alone keeps dynamic config in memory (the console's host persists it).
        _config = (InMemoryDynamicConfig)engine.GetRequiredService<IDynamicConfig>();
        _key = key;
        _previous = _config.Get(key, Namespace);
        _config.Set(key, value, Namespace);
    }

    public void Dispose() => _config.Set(_key, _previous, Namespace);
}
