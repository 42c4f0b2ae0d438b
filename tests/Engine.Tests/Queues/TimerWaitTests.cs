using Fencepost.Engine.Queues;

namespace Fencepost.Engine.Tests.Queues;

/// <summary>The timer loop's sleep: never a sub-millisecond wait, which Task.Delay would treat as none.</summary>
public class TimerWaitTests
{
    private static readonly DateTimeOffset Due = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0.001, 1)]
    [InlineData(0.4, 1)]
    [InlineData(1.0, 1)]
    [InlineData(1.2, 2)]
    [InlineData(250.5, 251)]
    public void WaitUntil_TimerNotYetDue_SleepsWholeMillisecondsAtLeastOne(double millisecondsEarly, double expectedMilliseconds)
    {
        var wait = TimerQueueProcessor.WaitUntil(Due, Due - TimeSpan.FromMilliseconds(millisecondsEarly));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), wait);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0.3)]
    [InlineData(5000)]
    public void WaitUntil_TimerDueOrLate_IsNotPositive(double millisecondsLate)
    {
        Assert.True(TimerQueueProcessor.WaitUntil(Due, Due + TimeSpan.FromMilliseconds(millisecondsLate)) <= TimeSpan.Zero);
    }
}
