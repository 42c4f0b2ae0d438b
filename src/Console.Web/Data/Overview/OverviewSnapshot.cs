using Fencepost.ConsoleWeb.Data.Charts;
using Fencepost.Diagnostics.Health;

namespace Fencepost.ConsoleWeb.Data.Overview;

/// <summary>
/// What the overview shows at one instant: the health verdict with its reasons, the signals it was
/// computed from, the key numbers with sparklines, the config changes inside the sparklines' window,
/// and the console's own busy share (null until two readings exist).
/// </summary>
public sealed record OverviewSnapshot(
    HealthVerdict Verdict,
    HealthSignals Signals,
    IReadOnlyList<KeyNumber> KeyNumbers,
    IReadOnlyList<ConfigMark> ConfigMarks,
    double? ConsoleBusyShare);
