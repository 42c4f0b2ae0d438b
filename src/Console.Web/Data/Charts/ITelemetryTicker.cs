using Fencepost.ConsoleWeb.Live;

namespace Fencepost.ConsoleWeb.Data.Charts;

/// <summary>The beat of the Conflicts and Latency pages (with the config marks to draw), live while someone watches.</summary>
public interface ITelemetryTicker : ILiveSource<TelemetryTick>;
