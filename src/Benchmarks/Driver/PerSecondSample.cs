using System.Text.Json.Serialization;

namespace Fencepost.Benchmarks.Driver;

/// <summary>
/// One second of a run (seconds since the run began, warm-up included): starts the schedule offered,
/// starts the server accepted, and workflows that completed or failed in that second; the backlog
/// at its end; and the engine's conflicts, retries and pool waits in it when the engine is observed.
/// </summary>
public sealed record PerSecondSample(
    [property: JsonPropertyName("second")] int Second,
    [property: JsonPropertyName("offered")] long Offered,
    [property: JsonPropertyName("started")] long Started,
    [property: JsonPropertyName("completed")] long Completed,
    [property: JsonPropertyName("failed")] long Failed)
{
    /// <summary>Workflows offered and not yet finished (completed or failed) at the end of this second.</summary>
    [JsonPropertyName("backlog")]
    public long Backlog { get; init; }

    /// <summary>OCC conflicts the engine's store saw in this second; null when the engine runs elsewhere.</summary>
    [JsonPropertyName("conflicts")]
    public long? Conflicts { get; init; }

    /// <summary>Whole-transaction retries in this second; null when the engine runs elsewhere.</summary>
    [JsonPropertyName("retries")]
    public long? Retries { get; init; }

    /// <summary>Connection pool waits in this second; null when the engine runs elsewhere or has no pool.</summary>
    [JsonPropertyName("poolWaits")]
    public long? PoolWaits { get; init; }
}
