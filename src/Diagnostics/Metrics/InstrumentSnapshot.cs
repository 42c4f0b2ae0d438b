namespace Fencepost.Diagnostics.Metrics;

/// <summary>Everything collected for one instrument at one moment. <see cref="Boundaries"/> is set for histograms only.</summary>
public sealed record InstrumentSnapshot(
    string MeterName,
    string Name,
    string? Unit,
    string? Description,
    MetricKind Kind,
    IReadOnlyList<double>? Boundaries,
    IReadOnlyList<MetricPointSnapshot> Points);
