namespace Fencepost.Engine.Persistence.Model;

/// <summary>
/// One dynamic-config value at one scope. <see cref="Scope"/> is "global", "namespace" or
/// "taskqueue"; <see cref="ScopeValue"/> names the namespace or task queue ("" for global).
/// <see cref="Version"/> increments on every change and is its compare-and-set condition.
/// </summary>
public sealed record DynamicConfigEntry(
    string Key,
    string Scope,
    string ScopeValue,
    string ValueJson,
    long Version,
    string UpdatedBy,
    DateTimeOffset UpdatedAt,
    string Reason);
