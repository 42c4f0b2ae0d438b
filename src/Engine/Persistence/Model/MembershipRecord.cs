namespace Fencepost.Engine.Persistence.Model;

/// <summary>A host's own heartbeat row. Peers trust it while <see cref="RecordExpiry"/> is in the future.</summary>
public sealed record MembershipRecord(
    string HostId,
    string RpcAddress,
    string Role,
    DateTimeOffset SessionStart,
    DateTimeOffset LastHeartbeat,
    DateTimeOffset RecordExpiry);
