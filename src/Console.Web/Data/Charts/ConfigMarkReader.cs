using Fencepost.Engine.Persistence.Model;

namespace Fencepost.ConsoleWeb.Data.Charts;

/// <summary>Reads the dynamic config audit log as chart marks for a window ending now.</summary>
public sealed class ConfigMarkReader(DynamicConfigService config, TimeProvider time)
{
    /// <summary>The audit log is read newest first up to this many changes; older marks fall off the charts.</summary>
    public const int MaxMarks = 200;

    public async Task<IReadOnlyList<ConfigMark>> ReadAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        var from = time.GetUtcNow() - window;
        var audit = await config.AuditAsync(MaxMarks, cancellationToken);
        return [.. audit.Where(a => a.ChangedAt >= from).OrderBy(a => a.ChangedAt).Select(ToMark)];
    }

    private static ConfigMark ToMark(DynamicConfigAuditRecord record) => new(
        record.ChangedAt,
        record.Key,
        record.ScopeValue.Length == 0 ? record.Scope : $"{record.Scope}={record.ScopeValue}",
        record.OldValueJson,
        record.NewValueJson,
        record.ChangedBy,
        record.Reason);
}
