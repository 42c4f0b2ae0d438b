using System.Reflection;

namespace Fencepost.Engine.Configuration.Dynamic;

/// <summary>
/// Every key the product defines, found from the public static <see cref="DynamicConfigKey"/>
/// fields of the given assemblies, so a subsystem declares its keys beside its code and the
/// console lists them all without a central list to keep in sync.
/// </summary>
public sealed class DynamicConfigRegistry
{
    private readonly Dictionary<string, DynamicConfigKey> _byName;

    public DynamicConfigRegistry(IEnumerable<DynamicConfigKey> keys)
    {
        _byName = new Dictionary<string, DynamicConfigKey>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (!_byName.TryAdd(key.Name, key))
            {
                throw new ArgumentException($"Dynamic config key '{key.Name}' is declared twice.", nameof(keys));
            }
        }
    }

    public static DynamicConfigRegistry Discover(params Assembly[] assemblies) =>
        new(assemblies
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => typeof(DynamicConfigKey).IsAssignableFrom(f.FieldType))
            .Select(f => (DynamicConfigKey)f.GetValue(null)!));

    /// <summary>The engine's keys.</summary>
    public static DynamicConfigRegistry ForEngine() => Discover(typeof(DynamicConfigRegistry).Assembly);

    public IReadOnlyCollection<DynamicConfigKey> Keys => _byName.Values;

    public DynamicConfigKey? Find(string name) => _byName.GetValueOrDefault(name);
}
