using Fencepost.ConsoleWeb.Data.Charts;

namespace Fencepost.ConsoleWeb.Data.Overview;

/// <summary>One headline number of the overview: its value over the verdict's window (null: no data) and its sparkline.</summary>
public sealed record KeyNumber(string Label, string Unit, double? Value, ChartSeries Sparkline, string Explanation);
