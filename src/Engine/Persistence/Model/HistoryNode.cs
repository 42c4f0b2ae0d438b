namespace Fencepost.Engine.Persistence.Model;

/// <summary>
/// One batch of history events of a run's branch, keyed by its first event id.
/// <see cref="Data"/> is the serialized batch, opaque here; <see cref="TransactionId"/> lets a
/// later write replace a node an uncommitted earlier attempt may have left behind.
/// </summary>
public sealed record HistoryNode(
    Guid TreeId,
    Guid BranchId,
    long NodeId,
    long TransactionId,
    int EventCount,
    byte[] Data);
