namespace Fencepost.ConsoleWeb.Data.Latency;

/// <summary>A family of latency series on the Latency page (workflow end-to-end, persistence by operation...).</summary>
public sealed record LatencyGroup(string Title, string Description, IReadOnlyList<LatencyRow> Rows);
