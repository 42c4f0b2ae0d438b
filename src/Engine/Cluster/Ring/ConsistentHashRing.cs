namespace Fencepost.Engine.Cluster.Ring;

/// <summary>
/// Shard to host by consistent hashing: every host puts <see cref="VirtualNodesPerHost"/> points
/// on a 32-bit circle and a shard belongs to the first point at or after its own hash. Adding a
/// host moves only the shards that now fall just before its points (about 1/N of them, all to
/// the new host); removing one moves only its shards. Immutable and deterministic: every node
/// that sees the same host set computes the same owner for every shard.
/// </summary>
public sealed class ConsistentHashRing
{
    public const int DefaultVirtualNodesPerHost = 100;

    private readonly uint[] _points;
    private readonly string[] _owners;

    public ConsistentHashRing(IEnumerable<string> hosts, int virtualNodesPerHost = DefaultVirtualNodesPerHost)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        ArgumentOutOfRangeException.ThrowIfLessThan(virtualNodesPerHost, 1);
        Hosts = [.. hosts.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        VirtualNodesPerHost = virtualNodesPerHost;

        // Ties between points of different hosts are broken by host id, so the order never depends on input order.
        var points = Hosts
            .SelectMany(host => Enumerable.Range(0, virtualNodesPerHost).Select(i => (Point: StableHash.Of($"{host}#{i}"), Host: host)))
            .OrderBy(p => p.Point)
            .ThenBy(p => p.Host, StringComparer.Ordinal)
            .ToArray();
        _points = [.. points.Select(p => p.Point)];
        _owners = [.. points.Select(p => p.Host)];
    }

    public static ConsistentHashRing Empty { get; } = new([]);

    /// <summary>The hosts on the ring, ordered by id.</summary>
    public IReadOnlyList<string> Hosts { get; }

    public int VirtualNodesPerHost { get; }

    public bool IsEmpty => _points.Length == 0;

    /// <summary>The one host that should own <paramref name="shardId"/>, or null when the ring is empty.</summary>
    public string? OwnerOf(int shardId) => OwnerOfHash(StableHash.Of($"shard-{shardId}"));

    /// <summary>The one host that should own <paramref name="key"/> (e.g. a task queue), or null when the ring is empty.</summary>
    public string? OwnerOf(string key) => OwnerOfHash(StableHash.Of(key));

    /// <summary>Owners of shards 0..shardCount-1 (shard ids in Fencepost start at 0).</summary>
    public IReadOnlyList<string?> Assign(int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shardCount);
        return [.. Enumerable.Range(0, shardCount).Select(OwnerOf)];
    }

    private string? OwnerOfHash(uint hash)
    {
        if (_points.Length == 0)
        {
            return null;
        }
        var index = Array.BinarySearch(_points, hash);
        if (index < 0)
        {
            index = ~index;
        }
        else
        {
            // Equal points: the first of them, so the tie-break above decides.
            while (index > 0 && _points[index - 1] == hash)
            {
                index--;
            }
        }
        return _owners[index == _points.Length ? 0 : index];
    }
}
