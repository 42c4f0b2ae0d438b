namespace Fencepost.Engine.Configuration.Dynamic;

/// <summary>Which value a change touched (the new value itself is read from the store).</summary>
public sealed class DynamicConfigEntryChangedEventArgs(string key, string scope, string scopeValue) : EventArgs
{
    public string Key { get; } = key;
    public string Scope { get; } = scope;
    public string ScopeValue { get; } = scopeValue;
}
