using System.Text.Json.Serialization;

namespace Fencepost.Benchmarks.Driver;

/// <summary>A calibration's outcome: <see cref="Commits"/> single-row commits in <see cref="Elapsed"/> with <see cref="Concurrency"/> writers.</summary>
public sealed record StoreCalibrationResult(
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("concurrency")] int Concurrency,
    [property: JsonPropertyName("elapsed")] TimeSpan Elapsed,
    [property: JsonPropertyName("commits")] long Commits,
    [property: JsonPropertyName("errors")] long Errors)
{
    [JsonPropertyName("commitsPerSecond")]
    public double CommitsPerSecond => Elapsed > TimeSpan.Zero ? Commits / Elapsed.TotalSeconds : 0;
}
