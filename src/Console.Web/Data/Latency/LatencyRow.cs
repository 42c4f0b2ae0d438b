using Fencepost.ConsoleWeb.Data.Charts;
using Fencepost.Diagnostics.Latency;

namespace Fencepost.ConsoleWeb.Data.Latency;

/// <summary>One series of the Latency page: its percentiles over the window (null: no sample) and its per-second p99 in milliseconds.</summary>
public sealed record LatencyRow(string Series, string Label, LatencySummary? Summary, ChartSeries P99PerSecond);
