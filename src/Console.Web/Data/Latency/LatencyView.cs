using Fencepost.ConsoleWeb.Data.Charts;
using Fencepost.ConsoleWeb.Telemetry;
using Fencepost.Diagnostics.Latency;

namespace Fencepost.ConsoleWeb.Data.Latency;

/// <summary>
/// The Latency page for one window: every known series grouped by family, each with p50/p95/p99/max
/// over the window and a per-second p99 line. The series an operator always expects (workflow
/// end-to-end, schedule-to-start of both task types, all persistence) are listed even before their
/// first sample, shown as "no data".
/// </summary>
public sealed record LatencyView(TimeSpan Window, DateTimeOffset At, IReadOnlyList<LatencyGroup> Groups)
{
    private static readonly string[] AlwaysShown =
    [
        LatencySeriesNames.WorkflowEndToEnd,
        LatencySeriesNames.PersistenceAll,
        LatencySeriesNames.ScheduleToStart("workflow"),
        LatencySeriesNames.ScheduleToStart("activity"),
    ];

    public static LatencyView Read(LatencyRecorder recorder, TimeSpan window, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        var names = recorder.SeriesNames.Union(AlwaysShown, StringComparer.Ordinal).ToList();
        LatencyGroup Group(string title, string description, Func<string, bool> member, string prefix) => new(
            title,
            description,
            [.. names.Where(member).Order(StringComparer.Ordinal).Select(name => Row(recorder, name, name[prefix.Length..], window))]);

        return new LatencyView(window, at,
        [
            Group("Workflow end-to-end", "Start to close of every workflow run.", n => n == LatencySeriesNames.WorkflowEndToEnd, string.Empty),
            Group("Schedule-to-start", "How long a task waited in its queue before a worker's poll started it, by task type.",
                n => n.StartsWith(LatencySeriesNames.ScheduleToStartPrefix, StringComparison.Ordinal), LatencySeriesNames.ScheduleToStartPrefix),
            Group("Persistence", "Whole transactions including OCC retries, by operation.",
                n => n.StartsWith(LatencySeriesNames.PersistencePrefix, StringComparison.Ordinal), LatencySeriesNames.PersistencePrefix),
            Group("RPCs", "WorkflowService calls handled by this node's frontend, by method (long polls included).",
                n => n.StartsWith(LatencySeriesNames.RpcPrefix, StringComparison.Ordinal), LatencySeriesNames.RpcPrefix),
        ]);
    }

    private static LatencyRow Row(LatencyRecorder recorder, string name, string label, TimeSpan window)
    {
        var points = recorder.P99PerSecond(name, window);
        var from = points.Count > 0 ? points[0].At : DateTimeOffset.UnixEpoch;
        return new LatencyRow(
            name,
            label.Length == 0 ? name : label,
            recorder.Summarize(name, window),
            new ChartSeries(name + " p99", "ms", from, [.. points.Select(p => p.P99Milliseconds)]));
    }
}
