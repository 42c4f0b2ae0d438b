using System.Globalization;

namespace Fencepost.Benchmarks.Runs;

/// <summary>
/// The report's figures in the order the CLI prints them, for the report card and the side-by-side
/// comparison. Missing values (no completions, no calibration) show as "n/a", never as zero.
/// </summary>
public static class BenchmarkFigures
{
    public const string Missing = "n/a";

    public static IReadOnlyList<BenchmarkMetric> Metrics { get; } =
    [
        new("Offered rate", r => r.Report.OfferedRate, "0.##", " wf/s", null),
        new("Started", r => r.Report.Started, "N0", "", null),
        new("Completed", r => r.Report.Completed, "N0", "", true),
        new("Failed", r => r.Report.Failed, "N0", "", false),
        new("Lost", r => r.Lost, "N0", "", false),
        new("Still running", r => r.Report.StillRunning, "N0", "", false),
        new("Actual rate", r => r.Report.ActualRate, "0.##", " wf/s", true),
        new("p50", r => r.Report.P50Ms, "0.#", " ms", false),
        new("p95", r => r.Report.P95Ms, "0.#", " ms", false),
        new("p99", r => r.Report.P99Ms, "0.#", " ms", false),
        new("max", r => r.Report.MaxMs, "0.#", " ms", false),
        new("Transactions per workflow", r => r.Report.TransactionsPerWorkflow, "0.##", "", false),
        new("Conflicts", r => r.Report.Conflicts, "N0", "", false),
        new("Retries", r => r.Report.Retries, "N0", "", false),
        new("Pool waits", r => r.Report.PoolWaits, "N0", "", false),
        new("Console CPU share", r => r.Report.ConsoleCpuShare * 100, "0.#", " %", false),
        new("Process CPU share", r => r.ProcessCpuShare * 100, "0.#", " %", null),
        new("GC paused", r => r.GcPausedMs, "N0", " ms", false),
        new("Calibrated commits/s", r => r.Report.CalibratedCommitsPerSecond, "N0", "", null),
        new("Engine / calibration", r => r.Report.EngineToCalibrationRatio, "0.###", "", null),
        new("Duration", r => r.Report.DurationSeconds, "0.#", " s", null),
    ];

    /// <summary>Each figure's name and formatted value for <paramref name="run"/>.</summary>
    public static IEnumerable<(string Name, string Value)> Of(StoredBenchmarkRun run) => Metrics.Select(m => (m.Name, m.Show(run)));

    /// <summary>b - a, signed and formatted like the figure; empty when either side is missing.</summary>
    public static string Delta(BenchmarkMetric metric, StoredBenchmarkRun a, StoredBenchmarkRun b) =>
        metric.Value(a) is { } x && metric.Value(b) is { } y
            ? (y - x >= 0 ? "+" : "") + (y - x).ToString(metric.Format, CultureInfo.InvariantCulture) + metric.Unit + RelativeChange(x, y)
            : "";

    /// <summary>True when b is better than a, false when worse, null when equal, missing or neither way is better.</summary>
    public static bool? Improved(BenchmarkMetric metric, StoredBenchmarkRun a, StoredBenchmarkRun b)
    {
        if (metric.HigherIsBetter is not { } higher || metric.Value(a) is not { } x || metric.Value(b) is not { } y || x.Equals(y))
        {
            return null;
        }
        return higher ? y > x : y < x;
    }

    private static string RelativeChange(double a, double b) =>
        a != 0 ? string.Create(CultureInfo.InvariantCulture, $" ({(b - a) / Math.Abs(a) * 100:+0.#;-0.#;0} %)") : "";
}
