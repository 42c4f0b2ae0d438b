
namespace Fencepost.Benchmarks.Tests;

public class ArrivalScheduleTests
{
    [Fact]
    public void DueAt_NoRamp_EvenlySpacedAtTheTargetRate()
    {
        var schedule = new ArrivalSchedule(100, TimeSpan.Zero);

        Assert.Equal(TimeSpan.Zero, schedule.DueAt(0));
        Assert.Equal(TimeSpan.FromMilliseconds(10), schedule.DueAt(1));
        Assert.Equal(TimeSpan.FromSeconds(10), schedule.DueAt(1_000));
    }

    [Fact]
    public void DueAt_WithRamp_StartsSlowThenReachesRate()
    {
        // 100/s with a 10 s ramp: 500 starts during the ramp, then one every 10 ms.
        var schedule = new ArrivalSchedule(100, TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.Zero, schedule.DueAt(0));
        Assert.Equal(5.0, schedule.DueAt(125).TotalSeconds, 6);
        Assert.Equal(10.0, schedule.DueAt(500).TotalSeconds, 6);
        Assert.Equal(10.01, schedule.DueAt(501).TotalSeconds, 6);
        Assert.True(schedule.DueAt(1) - schedule.DueAt(0) > schedule.DueAt(400) - schedule.DueAt(399));
    }

    [Fact]
    public void DueBy_IsTheInverseOfDueAt()
    {
        var schedule = new ArrivalSchedule(37.5, TimeSpan.FromSeconds(8));

        for (long k = 0; k < 2_000; k += 7)
        {
            Assert.Equal(k + 1, schedule.DueBy(schedule.DueAt(k)));
        }
        Assert.Equal(0, schedule.DueBy(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void TotalStarts_FixedDuration_OfferedRegardlessOfCompletions()
    {
        var schedule = new ArrivalSchedule(150, TimeSpan.FromSeconds(30));

        // Ramp offers 150 * 30 / 2 = 2,250, the remaining 270 s offer 40,500.
        Assert.Equal(42_750, schedule.TotalStarts(TimeSpan.FromSeconds(300)));
        Assert.Equal(0, schedule.TotalStarts(TimeSpan.Zero));
    }

    [Fact]
    public void RateAt_RampsLinearlyThenHolds()
    {
        var schedule = new ArrivalSchedule(200, TimeSpan.FromSeconds(20));

        Assert.Equal(0, schedule.RateAt(TimeSpan.Zero));
        Assert.Equal(50, schedule.RateAt(TimeSpan.FromSeconds(5)), 9);
        Assert.Equal(200, schedule.RateAt(TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-5.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_InvalidRate_Throws(double rate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ArrivalSchedule(rate, TimeSpan.Zero));
}
