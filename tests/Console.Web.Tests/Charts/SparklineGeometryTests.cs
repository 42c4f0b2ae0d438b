using Fencepost.ConsoleWeb.Components.Controls;
using Fencepost.ConsoleWeb.Data.Charts;

namespace Fencepost.ConsoleWeb.Tests.Charts;

public sealed class SparklineGeometryTests
{
    private static readonly DateTimeOffset From = new(2026, 11, 22, 16, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Path_GapInTheMiddle_TwoSubPathsNotALineThroughZero()
    {
        var geometry = new SparklineGeometry(new ChartSeries("x", "/s", From, [1, 2, null, 2, 1]), []);

        Assert.Equal(2, geometry.Path.Count(c => c == 'M'));
        Assert.DoesNotContain(",60", geometry.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Path_NothingMeasured_EmptyPath()
    {
        var geometry = new SparklineGeometry(new ChartSeries("x", "/s", From, [null, null, null]), []);

        Assert.Equal(string.Empty, geometry.Path);
    }

    [Fact]
    public void Path_MeasuredZero_DrawnOnTheBottomEdge()
    {
        var geometry = new SparklineGeometry(new ChartSeries("x", "/s", From, [0, 0]), []);

        Assert.Equal("M0,60 L300,60", geometry.Path);
    }

    [Fact]
    public void Marks_InsideAndOutsideWindow_OnlyInsideKeptAtTheirTime()
    {
        var series = new ChartSeries("x", "/s", From, [.. Enumerable.Repeat<double?>(1, 10)]);
        ConfigMark Mark(int second) => new(From + TimeSpan.FromSeconds(second), "k", "global", null, "1", "olga", "why");

        var geometry = new SparklineGeometry(series, [Mark(-5), Mark(5), Mark(30)]);

        var (x, mark) = Assert.Single(geometry.Marks);
        Assert.Equal(150, x);
        Assert.Equal(From + TimeSpan.FromSeconds(5), mark.At);
    }
}
