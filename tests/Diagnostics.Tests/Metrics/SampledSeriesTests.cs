using Fencepost.Diagnostics.Metrics;
using Fencepost.Diagnostics.Metrics.Sampling;

namespace Fencepost.Diagnostics.Tests.Metrics;

public class SampledSeriesTests
{
    [Fact]
    public void Write_CounterAfterMissedTicks_SpreadsTheIncreaseOverTheSecondsItCovers()
    {
        var series = Series(MetricKind.Counter);
        series.Write(100, 10);
        series.Write(101, 20);
        series.Write(104, 50);

        Assert.Equal([null, 10.0, 10.0, 10.0, 10.0], Enumerable.Range(100, 5).Select(s => series.Read(s)));
    }

    [Fact]
    public void Write_GaugeAfterMissedTicks_LeavesGaps()
    {
        var series = Series(MetricKind.Gauge);
        series.Write(100, 1);
        series.Write(103, 4);

        Assert.Equal([1.0, null, null, 4.0], Enumerable.Range(100, 4).Select(s => series.Read(s)));
    }

    [Fact]
    public void Write_CounterWentDown_RestartsWithAGap()
    {
        var series = Series(MetricKind.Counter);
        series.Write(100, 10);
        series.Write(101, 12);
        series.Write(102, 3);
        series.Write(103, 5);

        Assert.Equal([null, 2.0, null, 2.0], Enumerable.Range(100, 4).Select(s => series.Read(s)));
    }

    [Fact]
    public void Read_OutsideTheRing_Null()
    {
        var series = Series(MetricKind.Gauge);
        series.Write(100, 1);
        series.Write(120, 2);

        Assert.Null(series.Read(100));
        Assert.Null(series.Read(121));
        Assert.Equal(2.0, series.Read(120));
    }

    private static SampledSeries Series(MetricKind kind) =>
        new(new InstrumentSnapshot("Fencepost.Tests", "x", "{op}", null, kind, null, []), [], seconds: 10);
}
