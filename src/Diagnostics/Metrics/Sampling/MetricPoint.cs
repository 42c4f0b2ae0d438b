namespace Fencepost.Diagnostics.Metrics.Sampling;

/// <summary>One second of a chart; a null value is a gap (no sample), never zero.</summary>
public sealed record MetricPoint(DateTimeOffset At, double? Value);
