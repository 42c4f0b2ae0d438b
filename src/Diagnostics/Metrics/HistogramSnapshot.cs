namespace Fencepost.Diagnostics.Metrics;

/// <summary>
/// A histogram's state: <see cref="BucketCounts"/>[i] counts values at most
/// <see cref="InstrumentSnapshot.Boundaries"/>[i] and above the previous boundary; the last entry
/// counts values above every boundary. Counts are per bucket, not cumulative.
/// </summary>
public sealed record HistogramSnapshot(IReadOnlyList<long> BucketCounts, double Sum, long Count);
