namespace Fencepost.ConsoleWeb.Data.Charts;

/// <summary>
/// One beat of the chart pages: the config changes of the last <see cref="TelemetryTicker.MarkWindow"/>.
/// The pages query the conflict log and latency recorder themselves on each beat, with their own
/// window and filters, so one shared source serves every viewer's choice.
/// </summary>
public sealed record TelemetryTick(IReadOnlyList<ConfigMark> ConfigMarks);
