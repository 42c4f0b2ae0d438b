namespace Fencepost.ConsoleWeb.Data.Charts;

/// <summary>The time-range presets of the chart pages (the logs keep one hour).</summary>
public static class TimeRange
{
    public static IReadOnlyList<(string Label, TimeSpan Window)> Presets { get; } =
    [
        ("1 min", TimeSpan.FromMinutes(1)),
        ("5 min", TimeSpan.FromMinutes(5)),
        ("15 min", TimeSpan.FromMinutes(15)),
        ("1 h", TimeSpan.FromHours(1)),
    ];

    public static string LabelOf(TimeSpan window) =>
        Presets.FirstOrDefault(p => p.Window == window).Label ?? $"{window.TotalMinutes:0} min";
}
