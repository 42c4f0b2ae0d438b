using System.Globalization;
using System.Text;
using Fencepost.Benchmarks.Driver;

namespace Fencepost.Benchmarks.Cli;

/// <summary>What the operator reads after a run: the report table, then the lines that explain it.</summary>
public static class BenchRunText
{
    private const int TopOperations = 8;

    public static string Render(BenchmarkRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var text = new StringBuilder();
        text.Append(BenchmarkReportRenderer.ToTable(run.Report));
        text.AppendLine();
        text.AppendLine(Invariant($"Run {run.RunId} ({(run.Mode == LoadMode.OpenLoop ? "open loop" : "closed loop")})"));
        text.AppendLine(Invariant($"Lost (still running at the drain deadline): {run.Lost}"));
        if (run.StartLatency is { } start)
        {
            text.AppendLine(Invariant($"Start latency (intended start -> server accepted): p50 {start.P50Milliseconds:0.#} ms, p99 {start.P99Milliseconds:0.#} ms, max {start.MaxMilliseconds:0.#} ms"));
        }
        if (run.ProcessCpuShare is { } cpu)
        {
            var what = run.Report.Conflicts is null ? "workers + driver; the server runs elsewhere" : "engine + workers + driver in one process";
            text.AppendLine(Invariant($"Process CPU ({what}; 100 % = every core): {cpu * 100:0.#} %"));
        }
        if (run.Gc is { } gc)
        {
            var mean = gc.MeanPause is { } m ? Invariant($", {m.TotalMilliseconds:0.#} ms per collection") : "";
            text.AppendLine(Invariant($"GC pauses (the whole process stops): {gc.Gen0} gen0, {gc.Gen1} gen1, {gc.Gen2} gen2 collections, paused {gc.Paused.TotalMilliseconds:0} ms = {gc.PausedShareOf(TimeSpan.FromSeconds(run.Report.DurationSeconds)) * 100:0.#} % of the window{mean}"));
        }
        if (run.Report.Conflicts is null)
        {
            text.AppendLine("The server runs in another process: its transactions, conflicts, retries, pool waits and stages are not measured here (read them from its /metrics).");
        }
        if (run.Series.Count > 0)
        {
            var peak = run.Series.MaxBy(sample => sample.Backlog)!;
            text.AppendLine(Invariant($"Backlog (offered, not yet finished): peak {peak.Backlog} at second {peak.Second}, {run.Series[^1].Backlog} at the end; per second in the JSON series"));
        }
        if (run.Calibration is { } calibration)
        {
            text.AppendLine(Invariant($"Calibration: {calibration.Method}, {calibration.Concurrency} writers, {calibration.Commits} commits in {calibration.Elapsed.TotalSeconds:0.##} s = {calibration.CommitsPerSecond:0} commits/s, {calibration.Errors} errors"));
        }
        if (run.FailedTransactions > 0)
        {
            text.AppendLine(Invariant($"Failed persistence transactions: {run.FailedTransactions}"));
        }
        if (run.TransactionsByOperation.Count > 0)
        {
            var completed = run.Report.Completed;
            text.AppendLine("Persistence transactions in the measured window (count, per completed workflow, mean duration):");
            foreach (var op in run.TransactionsByOperation.Take(TopOperations))
            {
                // Per workflow is meaningless when none completed; say so rather than divide by a made-up 1.
                var perWorkflow = completed > 0 ? Invariant($"{(double)op.Transactions / completed,6:0.##}/wf") : "   n/a/wf";
                text.AppendLine(Invariant($"  {op.Operation,-36} {op.Transactions,9}  {perWorkflow}  {op.MeanMilliseconds ?? 0,8:0.###} ms"));
            }
        }
        if (run.Stages.Count > 0)
        {
            text.AppendLine("Where the time goes (engine's own measurements in the measured window: count, p50, p99, max):");
            foreach (var stage in run.Stages)
            {
                text.AppendLine(Invariant($"  {stage.Stage,-40} {stage.Count,9}  {stage.P50Milliseconds,9:0.#} ms  {stage.P99Milliseconds,9:0.#} ms  {stage.MaxMilliseconds,9:0.#} ms"));
            }
        }
        foreach (var failure in run.Failures)
        {
            text.AppendLine(Invariant($"Failed x{failure.Count}: {failure.Kind}"));
        }
        return text.ToString();
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
