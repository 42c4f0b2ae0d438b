namespace Fencepost.ConsoleWeb.Data.Charts;

/// <summary>
/// One per-second chart line: <see cref="Points"/>[i] is the value at <see cref="From"/> + i seconds,
/// null where nothing was measured (drawn as a gap, never as zero).
/// </summary>
public sealed record ChartSeries(string Name, string Unit, DateTimeOffset From, IReadOnlyList<double?> Points)
{
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    public DateTimeOffset To => From + (Step * Points.Count);

    public bool HasData => Points.Any(p => p is not null);

    /// <summary>The mean of the measured points, or null when none was measured.</summary>
    public double? Mean()
    {
        var values = Points.Where(p => p is not null).Select(p => p!.Value).ToList();
        return values.Count == 0 ? null : values.Average();
    }
}
