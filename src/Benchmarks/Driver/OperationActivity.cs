using System.Text.Json.Serialization;

namespace Fencepost.Benchmarks.Driver;

/// <summary>One persistence operation's share of a run: how many transactions and how long they took in total.</summary>
public sealed record OperationActivity(
    [property: JsonPropertyName("operation")] string Operation,
    [property: JsonPropertyName("transactions")] long Transactions,
    [property: JsonPropertyName("totalSeconds")] double TotalSeconds)
{
    [JsonPropertyName("meanMs")]
    public double? MeanMilliseconds => Transactions > 0 ? TotalSeconds * 1000 / Transactions : null;
}
