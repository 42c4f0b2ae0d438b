using Fencepost.ConsoleWeb.Components.Controls;
using Fencepost.ConsoleWeb.Configuration;
using Fencepost.ConsoleWeb.Data.Overview;
using Fencepost.ConsoleWeb.Demo;
using Fencepost.ConsoleWeb.Live;
using Fencepost.Engine.Configuration.Dynamic;
using Microsoft.AspNetCore.Components;

namespace Fencepost.ConsoleWeb.Components.Pages;

/// <summary>
/// The home page: one health verdict with the reasons behind it and the key numbers with sparklines,
/// answering "is the cluster making progress, and if not, why?" in one look.
/// </summary>
public sealed partial class OverviewPage : LiveView<OverviewSnapshot>
{
    [Inject]
    public required IOverviewSource Overview { get; init; }

    [Inject]
    public required IDynamicConfig Config { get; init; }

    [Inject]
    public required IServiceProvider Services { get; init; }

    protected override ILiveSource<OverviewSnapshot> Source => Overview;

    /// <summary>The demo load needs this process's own frontend.</summary>
    private bool HasDemoLoad => Services.GetService<IDemoLoad>() is not null;

    private double RefreshSeconds => Config.Get(ConsoleDynamicConfigKeys.LiveRefreshInterval).TotalSeconds;
}
