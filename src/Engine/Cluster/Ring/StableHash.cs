using System.Text;

namespace Fencepost.Engine.Cluster.Ring;

/// <summary>
/// A 32-bit hash that is the same in every process, version and machine (string.GetHashCode is
/// randomized per process, so two nodes would disagree about the ring). FNV-1a over UTF-8, then
/// MurmurHash3's finalizer: FNV-1a alone spreads short keys that differ only in their last
/// characters ("host#1", "host#2") poorly, which would unbalance the ring.
/// </summary>
public static class StableHash
{
    private const uint FnvOffsetBasis = 2166136261;
    private const uint FnvPrime = 16777619;

    /// <summary>Plain 32-bit FNV-1a of the UTF-8 bytes (the published test vectors hold).</summary>
    public static uint Fnv1a(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hash = FnvOffsetBasis;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetMaxByteCount(text.Length) <= buffer.Length
            ? buffer[..Encoding.UTF8.GetBytes(text, buffer)]
            : Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= FnvPrime;
        }
        return hash;
    }

    /// <summary>FNV-1a then the avalanche finalizer: what the ring uses for points and keys.</summary>
    public static uint Of(string text) => Mix(Fnv1a(text));

    /// <summary>MurmurHash3's fmix32: every input bit affects every output bit.</summary>
    public static uint Mix(uint hash)
    {
        hash ^= hash >> 16;
        hash *= 0x85ebca6b;
        hash ^= hash >> 13;
        hash *= 0xc2b2ae35;
        hash ^= hash >> 16;
        return hash;
    }
}
