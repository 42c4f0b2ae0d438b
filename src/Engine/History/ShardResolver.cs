using System.Text;

namespace Fencepost.Engine.History;

/// <summary>
/// Maps a workflow to its shard with a stable 32-bit FNV-1a hash of namespace_id + "_" + workflow_id,
/// so every process (and every restart) agrees; the shard count is fixed in cluster metadata.
/// </summary>
public static class ShardResolver
{
    public static int GetShardId(Guid namespaceId, string workflowId, int shardCount)
    {
        const uint offset = 2166136261;
        const uint prime = 16777619;
        var hash = offset;
        Span<byte> buffer = stackalloc byte[256];
        var text = string.Concat(namespaceId.ToString("D"), "_", workflowId);
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        var bytes = max <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(text, buffer)] : Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= prime;
        }
        return (int)(hash % (uint)shardCount);
    }
}
