using Fencepost.ConsoleWeb.Live;
using Fencepost.Engine.Configuration.Dynamic;

namespace Fencepost.ConsoleWeb.Data.Charts;

/// <summary>Reads the config marks once per refresh interval while a chart page is open.</summary>
internal sealed class TelemetryTicker(ConfigMarkReader marks, IConsoleOverheadMeter overhead, IDynamicConfig config, TimeProvider time,
    ILogger<TelemetryTicker> logger) : PolledLiveSource<TelemetryTick>(config, time, logger, overhead), ITelemetryTicker
{
    /// <summary>The longest window a chart page offers.</summary>
    public static readonly TimeSpan MarkWindow = TimeSpan.FromHours(1);

    protected override string Name => "chart marks";

    protected override async Task<TelemetryTick> ReadAsync(CancellationToken cancellationToken) =>
        new(await marks.ReadAsync(MarkWindow, cancellationToken));
}
