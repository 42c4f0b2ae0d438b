namespace Fencepost.Engine.Configuration.Dynamic;

/// <summary>
/// One change a person asks for: set <see cref="Key"/> at a scope to <see cref="ValueJson"/>, or
/// remove it (back to the next less specific value) when <see cref="ValueJson"/> is null.
/// <see cref="ExpectedVersion"/> is the version the person saw (0: no value at that scope yet);
/// the store refuses the change when someone changed it meanwhile.
/// </summary>
public sealed record DynamicConfigChangeRequest(
    string Key,
    string Scope,
    string ScopeValue,
    string? ValueJson,
    long ExpectedVersion,
    string ChangedBy,
    string Reason);
