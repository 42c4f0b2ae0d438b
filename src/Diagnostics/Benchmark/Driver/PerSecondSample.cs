using System.Text.Json.Serialization;

namespace Fencepost.Diagnostics.Benchmark.Driver;

/// <summary>
/// One second of a run (seconds since the run began, warm-up included): starts the schedule offered,
/// starts the server accepted, and workflows that completed or failed in that second.
/// </summary>
public sealed record PerSecondSample(
    [property: JsonPropertyName("second")] int Second,
    [property: JsonPropertyName("offered")] long Offered,
    [property: JsonPropertyName("started")] long Started,
    [property: JsonPropertyName("completed")] long Completed,
    [property: JsonPropertyName("failed")] long Failed);
