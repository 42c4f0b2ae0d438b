using Fencepost.Engine.Configuration.Dynamic;

namespace Fencepost.ConsoleWeb.Data.Charts;

/// <summary>
/// A dynamic config change drawn as a vertical mark on time charts: when, what, old -> new, who and
/// why. <see cref="Scope"/> is "global" or "scope=value"; null values mean "not set" (the default).
/// </summary>
public sealed record ConfigMark(DateTimeOffset At, string Key, string Scope, string? OldValue, string? NewValue, string ChangedBy, string Reason)
{
    /// <summary>The tooltip text: "HH:mm:ss UTC key: old -> new by who (why)".</summary>
    public string Describe() =>
        $"{At.UtcDateTime:HH:mm:ss} UTC {Key}{(Scope == DynamicConfigScopes.Global ? string.Empty : $" [{Scope}]")}: "
        + $"{OldValue ?? "default"} -> {NewValue ?? "default"} by {ChangedBy} ({Reason})";
}
