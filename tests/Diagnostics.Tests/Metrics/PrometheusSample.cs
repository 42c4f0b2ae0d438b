namespace Fencepost.Diagnostics.Tests.Metrics;

/// <summary>One parsed sample line of the Prometheus text format.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, string Value);
