using System.Text;

namespace Fencepost.Engine.History;

/// <summary>
/// Maps a workflow to its shard with a stable 32-bit FNV-1a hash of the UTF-8 bytes of
/// namespace_id + "_" + workflow_id, so every process (and every restart) agrees; the shard count
/// is fixed in cluster metadata. Called for every request about a workflow, so it hashes the parts
/// in place instead of building the joined string.
/// </summary>
public static class ShardResolver
{
    private const uint Offset = 2166136261;
    private const uint Prime = 16777619;
    private const int StackBytes = 256;

    public static int GetShardId(Guid namespaceId, string workflowId, int shardCount)
    {
        ArgumentNullException.ThrowIfNull(workflowId);
        Span<char> guid = stackalloc char[36];
        namespaceId.TryFormat(guid, out _, "D");
        var hash = Offset;
        // The "D" format is ASCII, so each char is its own UTF-8 byte.
        foreach (var c in guid)
        {
            hash = Step(hash, (byte)c);
        }
        hash = Step(hash, (byte)'_');
        if (Encoding.UTF8.GetMaxByteCount(workflowId.Length) <= StackBytes)
        {
            Span<byte> buffer = stackalloc byte[StackBytes];
            hash = Hash(hash, buffer[..Encoding.UTF8.GetBytes(workflowId, buffer)]);
        }
        else
        {
            hash = Hash(hash, Encoding.UTF8.GetBytes(workflowId));
        }
        return (int)(hash % (uint)shardCount);
    }

    private static uint Hash(uint hash, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            hash = Step(hash, b);
        }
        return hash;
    }

    private static uint Step(uint hash, byte value) => (hash ^ value) * Prime;
}
