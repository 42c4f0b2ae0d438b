using System.Text.Json;
using System.Text.Json.Nodes;

namespace Fencepost.Benchmarks.Runs;

/// <summary>
/// A finished run as kept in the run store: the operator's report plus the run-level figures the
/// report leaves out (run id, lost workflows, the whole process's CPU share and GC pause time, the
/// calibration's method).
/// </summary>
public sealed record StoredBenchmarkRun(
    string RunId,
    BenchmarkReport Report,
    long Lost,
    double? ProcessCpuShare,
    string? CalibrationMethod,
    string Json)
{
    /// <summary>Time the process was paused by GC in the measured window; null for runs stored before it was measured.</summary>
    public double? GcPausedMs { get; init; }

    /// <summary>Reads a stored run's JSON; null when it is not a run the driver wrote.</summary>
    public static StoredBenchmarkRun? TryParse(string json)
    {
        try
        {
            var report = BenchmarkReport.FromJson(json);
            var document = JsonNode.Parse(json)?.AsObject();
            if (document?["runId"]?.GetValue<string>() is not { Length: > 0 } runId)
            {
                return null;
            }
            return new StoredBenchmarkRun(
                runId,
                report,
                document["lost"]?.GetValue<long>() ?? 0,
                document["processCpuShare"]?.GetValue<double>(),
                document["calibration"]?["method"]?.GetValue<string>(),
                json)
            {
                GcPausedMs = document["gc"]?["pausedMs"]?.GetValue<double>(),
            };
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
