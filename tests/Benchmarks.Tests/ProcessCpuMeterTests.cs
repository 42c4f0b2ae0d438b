using Microsoft.Extensions.Time.Testing;

namespace Fencepost.Benchmarks.Tests;

public class ProcessCpuMeterTests
{
    [Fact]
    public void Measure_CpuTimeOverWallTimesCores()
    {
        var time = new FakeTimeProvider();
        var cpu = TimeSpan.FromSeconds(10);
        var meter = new ProcessCpuMeter(time, () => cpu, processors: 4);

        time.Advance(TimeSpan.FromSeconds(10));
        cpu += TimeSpan.FromSeconds(2);
        var first = meter.Measure();
        time.Advance(TimeSpan.FromSeconds(5));
        cpu += TimeSpan.FromSeconds(20);
        var second = meter.Measure();

        Assert.Equal(0.05, first!.Value, 9);
        Assert.Equal(1.0, second!.Value, 9);
    }

    [Fact]
    public void Measure_NoWallTimePassed_ReturnsNull()
    {
        var meter = new ProcessCpuMeter(new FakeTimeProvider(), () => TimeSpan.Zero, processors: 2);

        Assert.Null(meter.Measure());
    }

    [Fact]
    public void Measure_RealProcess_ReturnsShareBetweenZeroAndOne()
    {
        var time = new FakeTimeProvider();
        var meter = new ProcessCpuMeter(time);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.InRange(meter.Measure()!.Value, 0, 1);
    }
}
