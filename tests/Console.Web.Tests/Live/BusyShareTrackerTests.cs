using Fencepost.ConsoleWeb.Live;
using Microsoft.Extensions.Time.Testing;

namespace Fencepost.ConsoleWeb.Tests.Live;

public sealed class BusyShareTrackerTests
{
    [Fact]
    public void Measure_BusyHalfASecondOverTenSecondsOnTwoCores_TwoAndAHalfPercent()
    {
        var time = new FakeTimeProvider();
        var cpu = TimeSpan.Zero;
        var meter = new ConsoleOverheadMeter(() => cpu);
        var tracker = new BusyShareTracker(meter, time, processors: 2);

        Assert.Null(tracker.Measure());
        time.Advance(TimeSpan.FromSeconds(10));
        cpu += TimeSpan.FromMilliseconds(500);
        meter.AddSince(TimeSpan.Zero);

        Assert.Equal(0.025, tracker.Measure()!.Value, 6);
    }

    [Fact]
    public void Measure_ReadingsOlderThanTheWindow_Dropped()
    {
        var time = new FakeTimeProvider();
        var cpu = TimeSpan.Zero;
        var meter = new ConsoleOverheadMeter(() => cpu);
        var tracker = new BusyShareTracker(meter, time, processors: 1);
        tracker.Measure();
        cpu += TimeSpan.FromSeconds(10);
        meter.AddSince(TimeSpan.Zero);
        time.Advance(TimeSpan.FromSeconds(20));
        tracker.Measure();

        time.Advance(TimeSpan.FromSeconds(20));

        // The first reading (and the 10 s of busy time before the second) is beyond the 30 s window.
        Assert.Equal(0, tracker.Measure()!.Value, 6);
    }
}
