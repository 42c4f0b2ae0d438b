namespace Fencepost.Engine.Persistence.Embedded.Keys;

/// <summary>history_node's primary key: (shard, tree, branch, node id), so a branch reads as one range in node order.</summary>
internal readonly record struct HistoryNodeKey(int ShardId, Guid TreeId, Guid BranchId, long NodeId) : IComparable<HistoryNodeKey>
{
    public int CompareTo(HistoryNodeKey other)
    {
        var c = ShardId.CompareTo(other.ShardId);
        if (c != 0) return c;
        c = TreeId.CompareTo(other.TreeId);
        if (c != 0) return c;
        c = BranchId.CompareTo(other.BranchId);
        return c != 0 ? c : NodeId.CompareTo(other.NodeId);
    }

    public override string ToString() => $"{ShardId}/{TreeId}/{BranchId}/{NodeId}";
}
