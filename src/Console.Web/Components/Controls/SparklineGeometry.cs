using System.Globalization;
using System.Text;
using Fencepost.ConsoleWeb.Data.Charts;

namespace Fencepost.ConsoleWeb.Components.Controls;

/// <summary>
/// The SVG geometry of a sparkline: one path with a separate sub-path per run of measured points, so
/// a gap stays a gap, scaled from zero to the largest value (or to <see cref="MinimumTop"/>); and the
/// x positions of config marks. Coordinates are in a Width x Height viewBox.
/// </summary>
public sealed class SparklineGeometry
{
    public const double Width = 300;
    public const double Height = 60;
    private const double MinimumTop = 1e-9;

    public SparklineGeometry(ChartSeries series, IReadOnlyList<ConfigMark> marks)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(marks);
        Top = Math.Max(MinimumTop, series.Points.Where(p => p is not null).Select(p => p!.Value).DefaultIfEmpty(0).Max());
        Path = BuildPath(series.Points, Top);
        Marks = [.. marks
            .Where(m => m.At >= series.From && m.At <= series.To)
            .Select(m => (X(series, m.At), m))];
    }

    /// <summary>The value drawn at the top edge.</summary>
    public double Top { get; }

    /// <summary>SVG path data; empty when no point was measured.</summary>
    public string Path { get; }

    public IReadOnlyList<(double X, ConfigMark Mark)> Marks { get; }

    private static double X(ChartSeries series, DateTimeOffset at) =>
        Width * (at - series.From).TotalSeconds / Math.Max(1, (series.To - series.From).TotalSeconds);

    private static string BuildPath(IReadOnlyList<double?> points, double top)
    {
        var path = new StringBuilder();
        var step = points.Count > 1 ? Width / (points.Count - 1) : Width;
        var drawing = false;
        for (var i = 0; i < points.Count; i++)
        {
            if (points[i] is not { } value)
            {
                drawing = false;
                continue;
            }
            var x = i * step;
            var y = Height - (Height * value / top);
            path.Append(CultureInfo.InvariantCulture, $"{(drawing ? 'L' : 'M')}{x:0.##},{y:0.##} ");
            if (!drawing && (i + 1 >= points.Count || points[i + 1] is null))
            {
                // A lone measured second still needs a visible mark: a short horizontal stroke.
                path.Append(CultureInfo.InvariantCulture, $"L{x + Math.Max(1, step / 2):0.##},{y:0.##} ");
            }
            drawing = true;
        }
        return path.ToString().TrimEnd();
    }
}
