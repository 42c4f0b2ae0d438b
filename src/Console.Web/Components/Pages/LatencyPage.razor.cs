using Fencepost.ConsoleWeb.Components.Controls;
using Fencepost.ConsoleWeb.Configuration;
using Fencepost.ConsoleWeb.Data.Charts;
using Fencepost.ConsoleWeb.Data.Latency;
using Fencepost.ConsoleWeb.Live;
using Fencepost.Diagnostics.Latency;
using Fencepost.Engine.Configuration.Dynamic;
using Microsoft.AspNetCore.Components;

namespace Fencepost.ConsoleWeb.Components.Pages;

/// <summary>
/// p50/p95/p99/max over a chosen window for workflow end-to-end, schedule-to-start, persistence by
/// operation and RPCs by method, each with a per-second p99 line, config-change marks and "no data"
/// where nothing was measured.
/// </summary>
public sealed partial class LatencyPage : LiveView<TelemetryTick>
{
    private TimeSpan _window = TimeSpan.FromMinutes(5);
    private LatencyView? _view;

    [Inject]
    public required ITelemetryTicker Ticker { get; init; }

    [Inject]
    public required LatencyRecorder Recorder { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [Inject]
    public required IDynamicConfig Config { get; init; }

    protected override ILiveSource<TelemetryTick> Source => Ticker;

    private double RefreshSeconds => Config.Get(ConsoleDynamicConfigKeys.LiveRefreshInterval).TotalSeconds;

    protected override void OnSnapshotChanged()
    {
        if (Snapshot is not null)
        {
            Recompute();
        }
    }

    private void SetWindow(TimeSpan window)
    {
        _window = window;
        Recompute();
    }

    private void Recompute() => _view = LatencyView.Read(Recorder, _window, Time.GetUtcNow());
}
