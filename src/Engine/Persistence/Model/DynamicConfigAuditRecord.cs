namespace Fencepost.Engine.Persistence.Model;

/// <summary>Who changed which key, when, from what to what, and why. Written in the same transaction as the change.</summary>
public sealed record DynamicConfigAuditRecord(
    long Id,
    string Key,
    string Scope,
    string ScopeValue,
    string? OldValueJson,
    string? NewValueJson,
    long NewVersion,
    string ChangedBy,
    DateTimeOffset ChangedAt,
    string Reason);
