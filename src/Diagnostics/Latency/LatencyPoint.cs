namespace Fencepost.Diagnostics.Latency;

/// <summary>One second of a chart: its p99 and sample count, or a null p99 when nothing was recorded (a gap, not zero).</summary>
public sealed record LatencyPoint(DateTimeOffset At, long? P99Micros, long Count)
{
    public double? P99Milliseconds => P99Micros / 1000.0;
}
