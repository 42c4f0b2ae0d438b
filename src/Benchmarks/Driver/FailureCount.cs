using System.Text.Json.Serialization;

namespace Fencepost.Benchmarks.Driver;

/// <summary>How many measured workflows failed with one kind of error (exception type and first line of its message).</summary>
public sealed record FailureCount(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("count")] long Count);
