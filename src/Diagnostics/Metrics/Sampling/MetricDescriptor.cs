namespace Fencepost.Diagnostics.Metrics.Sampling;

/// <summary>An instrument the sampler has seen: what a chart picker lists. <see cref="ChartUnit"/> is the unit of its sampled values.</summary>
public sealed record MetricDescriptor(
    string MeterName,
    string Name,
    string? Description,
    MetricKind Kind,
    string ChartUnit,
    IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> TagSets);
