using Fencepost.ConsoleWeb.Data.Charts;

namespace Fencepost.ConsoleWeb.Tests.Fakes;

public sealed class FakeTelemetryTicker : FakeLiveSource<TelemetryTick>, ITelemetryTicker;
