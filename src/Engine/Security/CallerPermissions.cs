namespace Fencepost.Engine.Security;

/// <summary>
/// A caller's permissions in Temporal's claim format: <c>namespace:role</c> with role <c>read</c>,
/// <c>write</c>, <c>worker</c> (as write) or <c>admin</c>; the namespace <c>system</c> means every
/// namespace and, with <c>admin</c>, the cluster itself.
/// </summary>
public sealed class CallerPermissions
{
    public const string SystemNamespace = "system";

    private readonly Dictionary<string, AccessLevel> _byNamespace;

    private CallerPermissions(Dictionary<string, AccessLevel> byNamespace)
    {
        _byNamespace = byNamespace;
    }

    public static CallerPermissions Parse(IEnumerable<string> permissions)
    {
        var byNamespace = new Dictionary<string, AccessLevel>(StringComparer.Ordinal);
        foreach (var permission in permissions)
        {
            if (TryParseOne(permission, out var ns, out var level) && (!byNamespace.TryGetValue(ns, out var had) || had < level))
            {
                byNamespace[ns] = level;
            }
        }
        return new CallerPermissions(byNamespace);
    }

    /// <summary>True when <paramref name="permission"/> has the form this class reads.</summary>
    public static bool IsWellFormed(string permission) => TryParseOne(permission, out _, out _);

    /// <summary>The caller's level in <paramref name="ns"/>: its own grant there or its system-wide grant, whichever is higher.</summary>
    public AccessLevel? LevelIn(string ns)
    {
        var own = _byNamespace.TryGetValue(ns, out var level) ? level : (AccessLevel?)null;
        var system = _byNamespace.TryGetValue(SystemNamespace, out var all) ? all : (AccessLevel?)null;
        return (own, system) switch
        {
            (null, null) => null,
            ({ } a, null) => a,
            (null, { } b) => b,
            ({ } a, { } b) => a > b ? a : b,
        };
    }

    /// <summary>Cluster-wide administration (registering namespaces, the operator service).</summary>
    public bool IsClusterAdmin => _byNamespace.TryGetValue(SystemNamespace, out var level) && level == AccessLevel.Admin;

    public override string ToString() => string.Join(' ', _byNamespace.Select(p => $"{p.Key}:{p.Value.ToString().ToLowerInvariant()}"));

    private static bool TryParseOne(string permission, out string ns, out AccessLevel level)
    {
        ns = "";
        level = AccessLevel.Authenticated;
        var colon = permission.LastIndexOf(':');
        if (colon <= 0 || colon == permission.Length - 1)
        {
            return false;
        }
        ns = permission[..colon];
        switch (permission[(colon + 1)..].ToLowerInvariant())
        {
            case "read":
                level = AccessLevel.Read;
                return true;
            case "write":
            case "worker":
                level = AccessLevel.Write;
                return true;
            case "admin":
                level = AccessLevel.Admin;
                return true;
            default:
                return false;
        }
    }
}
