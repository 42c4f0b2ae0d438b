namespace Fencepost.Engine.Persistence.Embedded.Keys;

/// <summary>dynamic_config's primary key: (key, scope, scope value).</summary>
internal readonly record struct DynamicConfigKey(string Key, string Scope, string ScopeValue) : IComparable<DynamicConfigKey>
{
    public int CompareTo(DynamicConfigKey other)
    {
        var c = string.CompareOrdinal(Key, other.Key);
        if (c != 0) return c;
        c = string.CompareOrdinal(Scope, other.Scope);
        return c != 0 ? c : string.CompareOrdinal(ScopeValue, other.ScopeValue);
    }

    public override string ToString() => $"{Key}/{Scope}/{ScopeValue}";
}
