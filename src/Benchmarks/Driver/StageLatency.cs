using System.Text.Json.Serialization;

namespace Fencepost.Benchmarks.Driver;

/// <summary>One stage of a workflow's path as the engine measured it during the window; null percentiles never happen (stages without samples are left out).</summary>
public sealed record StageLatency(
    [property: JsonPropertyName("stage")] string Stage,
    [property: JsonPropertyName("count")] long Count,
    [property: JsonPropertyName("p50Ms")] double P50Milliseconds,
    [property: JsonPropertyName("p99Ms")] double P99Milliseconds,
    [property: JsonPropertyName("maxMs")] double MaxMilliseconds);
