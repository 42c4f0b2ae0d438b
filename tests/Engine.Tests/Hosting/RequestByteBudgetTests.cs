using System.Globalization;
using Fencepost.Engine.Hosting;
using Fencepost.TestUtilities.Time;

namespace Fencepost.Engine.Tests.Hosting;

/// <summary>The node's budget of request bytes being read: taken, waited for, given back.</summary>
public class RequestByteBudgetTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-12-07T12:00:00Z", CultureInfo.InvariantCulture);

    [Fact]
    public async Task TryTake_WithinCapacity_TakenAtOnceAndCounted()
    {
        var budget = new RequestByteBudget(100);

        Assert.True(await budget.TryTakeAsync(60, TimeSpan.Zero, TimeProvider.System, CancellationToken.None));
        Assert.True(await budget.TryTakeAsync(40, TimeSpan.Zero, TimeProvider.System, CancellationToken.None));

        Assert.Equal(100, budget.InUse);
    }

    [Fact]
    public async Task TryTake_NoRoomUntilAnotherGivesBack_TakenThen()
    {
        var time = new TimerWatchingTimeProvider(Start);
        var budget = new RequestByteBudget(100);
        await budget.TryTakeAsync(80, TimeSpan.Zero, time, CancellationToken.None);

        var waiting = budget.TryTakeAsync(50, TimeSpan.FromSeconds(2), time, CancellationToken.None);
        Assert.False(waiting.IsCompleted, "there is no room for 50 of 100 while 80 are taken");
        budget.Give(80);

        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(50, budget.InUse);
    }

    [Fact]
    public async Task TryTake_NoRoomWithinTheWait_FalseAndNothingTaken()
    {
        var time = new TimerWatchingTimeProvider(Start);
        var budget = new RequestByteBudget(100);
        await budget.TryTakeAsync(80, TimeSpan.Zero, time, CancellationToken.None);

        var waiting = budget.TryTakeAsync(50, TimeSpan.FromSeconds(2), time, CancellationToken.None);
        await time.WaitUntilArmedAsync(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.False(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(80, budget.InUse);
    }

    [Fact]
    public async Task TryTake_MoreThanTheCapacity_Refused() =>
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => new RequestByteBudget(100).TryTakeAsync(101, TimeSpan.Zero, TimeProvider.System, CancellationToken.None));
}
