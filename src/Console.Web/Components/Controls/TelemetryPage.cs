using Fencepost.ConsoleWeb.Configuration;
using Fencepost.ConsoleWeb.Data.Charts;
using Fencepost.ConsoleWeb.Live;
using Fencepost.Engine.Configuration.Dynamic;
using Microsoft.AspNetCore.Components;

namespace Fencepost.ConsoleWeb.Components.Controls;

/// <summary>
/// A page that follows the shared telemetry beat and re-queries its own view (with this viewer's
/// window and filters) on every beat and on every filter change.
/// </summary>
public abstract class TelemetryPage : LiveView<TelemetryTick>
{
    [Inject]
    public required ITelemetryTicker Ticker { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [Inject]
    public required IDynamicConfig Config { get; init; }

    /// <summary>The time range the viewer chose.</summary>
    protected TimeSpan Window { get; private set; } = TimeSpan.FromMinutes(5);

    protected override ILiveSource<TelemetryTick> Source => Ticker;

    protected double RefreshSeconds => Config.Get(ConsoleDynamicConfigKeys.LiveRefreshInterval).TotalSeconds;

    /// <summary>Reads the page's view for <see cref="Window"/> as of now.</summary>
    protected abstract void Recompute();

    protected override void OnSnapshotChanged()
    {
        if (Snapshot is not null)
        {
            Recompute();
        }
    }

    protected void SetWindow(TimeSpan window)
    {
        Window = window;
        Recompute();
    }
}
