using System.Globalization;
using System.Text;

namespace Fencepost.Benchmarks;

/// <summary>Plain-text and CSV views of benchmark reports, invariant culture, missing values shown as "n/a" / empty.</summary>
public static class BenchmarkReportRenderer
{
    private static readonly string[] CsvColumns =
    [
        "scenario", "startedAt", "durationSeconds", "offeredRate", "started", "completed", "failed", "stillRunning",
        "actualRate", "p50Ms", "p95Ms", "p99Ms", "maxMs", "transactionsPerWorkflow", "conflicts", "retries",
        "poolWaits", "consoleCpuShare", "calibratedCommitsPerSecond", "engineToCalibrationRatio", "machine",
    ];

    /// <summary>A two-column table, the headline rows first.</summary>
    public static string ToTable(BenchmarkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var completedShare = report.Started > 0 ? $" ({100.0 * report.Completed / report.Started:0.#} %)" : string.Empty;
        (string Name, string Value)[] rows =
        [
            ("Scenario", report.Scenario),
            ("Started at", report.StartedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)),
            ("Duration", Format(report.DurationSeconds, "0.#", " s")),
            ("Offered rate", Format(report.OfferedRate, "0.##", " wf/s")),
            ("Workflows started", Format(report.Started)),
            ("Workflows completed", Format(report.Completed) + completedShare),
            ("Workflows failed", Format(report.Failed)),
            ("Still running", Format(report.StillRunning)),
            ("Actual rate", Format(report.ActualRate, "0.##", " wf/s")),
            ("P50 latency", Format(report.P50Ms, "0.#", " ms")),
            ("P95 latency", Format(report.P95Ms, "0.#", " ms")),
            ("P99 latency", Format(report.P99Ms, "0.#", " ms")),
            ("Max latency", Format(report.MaxMs, "0.#", " ms")),
            ("Transactions per workflow", Format(report.TransactionsPerWorkflow, "0.##", string.Empty)),
            ("Conflicts", Format(report.Conflicts)),
            ("Retries", Format(report.Retries)),
            ("Pool waits", Format(report.PoolWaits)),
            ("Console CPU share", Format(report.ConsoleCpuShare * 100, "0.#", " %")),
            ("Calibrated commits/s", Format(report.CalibratedCommitsPerSecond, "0", string.Empty)),
            ("Engine / calibration", Format(report.EngineToCalibrationRatio, "0.###", string.Empty)),
            ("Machine", report.Machine),
        ];
        var nameWidth = Math.Max("Metric".Length, rows.Max(r => r.Name.Length));
        var valueWidth = Math.Max("Value".Length, rows.Max(r => r.Value.Length));
        var text = new StringBuilder();
        text.Append("| ").Append("Metric".PadRight(nameWidth)).Append(" | ").Append("Value".PadRight(valueWidth)).AppendLine(" |");
        text.Append("|-").Append(new string('-', nameWidth)).Append("-|-").Append(new string('-', valueWidth)).AppendLine("-|");
        foreach (var (name, value) in rows)
        {
            text.Append("| ").Append(name.PadRight(nameWidth)).Append(" | ").Append(value.PadRight(valueWidth)).AppendLine(" |");
        }
        return text.ToString();
    }

    /// <summary>One header line and one line per report (RFC 4180 quoting).</summary>
    public static string ToCsv(IEnumerable<BenchmarkReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var text = new StringBuilder();
        text.AppendJoin(',', CsvColumns).Append("\r\n");
        foreach (var r in reports)
        {
            string?[] cells =
            [
                r.Scenario, r.StartedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture), Raw(r.DurationSeconds), Raw(r.OfferedRate),
                Raw(r.Started), Raw(r.Completed), Raw(r.Failed), Raw(r.StillRunning), Raw(r.ActualRate),
                Raw(r.P50Ms), Raw(r.P95Ms), Raw(r.P99Ms), Raw(r.MaxMs), Raw(r.TransactionsPerWorkflow),
                Raw(r.Conflicts), Raw(r.Retries), Raw(r.PoolWaits), Raw(r.ConsoleCpuShare),
                Raw(r.CalibratedCommitsPerSecond), Raw(r.EngineToCalibrationRatio), r.Machine,
            ];
            text.AppendJoin(',', cells.Select(Quote)).Append("\r\n");
        }
        return text.ToString();
    }

    private static string Format(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Format(long? value) => value is { } known ? Format(known) : "n/a";

    private static string Format(double? value, string format, string unit) =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) + unit : "n/a";

    private static string? Raw(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    private static string Raw(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? Raw(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string? cell)
    {
        if (cell is null)
        {
            return string.Empty;
        }
        return cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;
    }
}
