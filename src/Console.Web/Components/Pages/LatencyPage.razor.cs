using Fencepost.ConsoleWeb.Components.Controls;
using Fencepost.ConsoleWeb.Data.Latency;
using Fencepost.Diagnostics.Latency;
using Microsoft.AspNetCore.Components;

namespace Fencepost.ConsoleWeb.Components.Pages;

/// <summary>
/// p50/p95/p99/max over a chosen window for workflow end-to-end, schedule-to-start, persistence by
/// operation and RPCs by method, each with a per-second p99 line, config-change marks and "no data"
/// where nothing was measured.
/// </summary>
public sealed partial class LatencyPage : TelemetryPage
{
    private LatencyView? _view;

    [Inject]
    public required LatencyRecorder Recorder { get; init; }

    protected override void Recompute() => _view = LatencyView.Read(Recorder, Window, Time.GetUtcNow());
}
