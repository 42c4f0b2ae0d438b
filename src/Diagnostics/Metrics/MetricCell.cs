using System.Globalization;

namespace Fencepost.Diagnostics.Metrics;

/// <summary>
/// The running state of one tag set of one instrument. Writers update it with atomic operations only,
/// so recording never takes a lock; a reader may see a histogram's count and sum a few samples apart.
/// </summary>
internal sealed class MetricCell
{
    private readonly long[]? _buckets;
    private double _value;
    private long _count;

    public MetricCell(KeyValuePair<string, string>[] tags, int hash, int bucketCount)
    {
        Tags = tags;
        Hash = hash;
        _buckets = bucketCount > 0 ? new long[bucketCount] : null;
    }

    /// <summary>Sorted by key.</summary>
    public KeyValuePair<string, string>[] Tags { get; }

    public int Hash { get; }

    public double Value => Volatile.Read(ref _value);

    public void Add(double value)
    {
        var current = Volatile.Read(ref _value);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref _value, current + value, current);
            if (seen.Equals(current))
            {
                return;
            }
            current = seen;
        }
    }

    public void Set(double value) => Interlocked.Exchange(ref _value, value);

    /// <summary>Counts <paramref name="value"/> in the first bucket whose upper bound is at least the value (Prometheus "le").</summary>
    public void Observe(double value, double[] boundaries)
    {
        var index = Array.BinarySearch(boundaries, value);
        if (index < 0)
        {
            index = ~index;
        }
        Interlocked.Increment(ref _buckets![index]);
        Interlocked.Increment(ref _count);
        Add(value);
    }

    public HistogramSnapshot? SnapshotHistogram()
    {
        if (_buckets is null)
        {
            return null;
        }
        var counts = new long[_buckets.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = Volatile.Read(ref _buckets[i]);
        }
        return new HistogramSnapshot(counts, Value, Volatile.Read(ref _count));
    }

    public bool Matches(int hash, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (hash != Hash || tags.Length != Tags.Length)
        {
            return false;
        }
        foreach (var tag in tags)
        {
            if (!Contains(tag))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>An order-independent hash, so the same tags in another order land in the same cell.</summary>
    public static int HashOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = tags.Length;
        foreach (var tag in tags)
        {
            hash += HashCode.Combine(StringComparer.Ordinal.GetHashCode(tag.Key), StringComparer.Ordinal.GetHashCode(Format(tag.Value)));
        }
        return hash;
    }

    public static KeyValuePair<string, string>[] Normalize(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var normalized = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            normalized[i] = new KeyValuePair<string, string>(tags[i].Key, Format(tags[i].Value));
        }
        Array.Sort(normalized, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return normalized;
    }

    private static string Format(object? value) => value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;

    private bool Contains(KeyValuePair<string, object?> tag)
    {
        foreach (var own in Tags)
        {
            if (string.Equals(own.Key, tag.Key, StringComparison.Ordinal))
            {
                return string.Equals(own.Value, Format(tag.Value), StringComparison.Ordinal);
            }
        }
        return false;
    }
}
