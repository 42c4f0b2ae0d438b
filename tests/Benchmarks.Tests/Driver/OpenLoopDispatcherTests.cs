using Fencepost.Benchmarks.Driver;
using Microsoft.Extensions.Time.Testing;

namespace Fencepost.Benchmarks.Tests.Driver;

public class OpenLoopDispatcherTests
{
    private sealed record Launch(long Index, TimeSpan Intended, TimeSpan At);

    [Fact]
    public async Task RunAsync_WorkflowsNeverComplete_DispatchesEveryStartAtItsDueTime()
    {
        var time = new FakeTimeProvider();
        var schedule = new ArrivalSchedule(10, TimeSpan.Zero);
        var start = time.GetTimestamp();
        // The delay jumps the fake clock exactly to the wake-up time: virtual time, no sleeping.
        var dispatcher = new OpenLoopDispatcher(schedule, TimeSpan.FromSeconds(2), time, (wait, _) =>
        {
            time.Advance(wait);
            return Task.CompletedTask;
        });
        var launches = new List<Launch>();
        var never = new TaskCompletionSource().Task;

        var launched = await dispatcher.RunAsync(start, (index, intended) =>
        {
            launches.Add(new Launch(index, intended, time.GetElapsedTime(start)));
            return never;
        }, CancellationToken.None);

        Assert.Equal(20, launched.Count);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), launches.Select(l => l.Index));
        Assert.All(launches, l => Assert.Equal(schedule.DueAt(l.Index), l.Intended));
        Assert.All(launches, l => Assert.True(l.At >= l.Intended, $"Start {l.Index} was dispatched at {l.At}, before it was due at {l.Intended}."));
        Assert.All(launched, t => Assert.False(t.IsCompleted));
    }

    [Fact]
    public async Task RunAsync_DispatcherWakesLate_DispatchesTheBacklogWithOriginalIntendedTimes()
    {
        var time = new FakeTimeProvider();
        var schedule = new ArrivalSchedule(100, TimeSpan.Zero);
        var start = time.GetTimestamp();
        // Every wake-up is 250 ms late, as on an overloaded machine.
        var dispatcher = new OpenLoopDispatcher(schedule, TimeSpan.FromSeconds(1), time, (wait, _) =>
        {
            time.Advance(wait + TimeSpan.FromMilliseconds(250));
            return Task.CompletedTask;
        });
        var launches = new List<Launch>();

        await dispatcher.RunAsync(start, (index, intended) =>
        {
            launches.Add(new Launch(index, intended, time.GetElapsedTime(start)));
            return Task.CompletedTask;
        }, CancellationToken.None);

        Assert.Equal(100, launches.Count);
        Assert.All(launches, l => Assert.Equal(schedule.DueAt(l.Index), l.Intended));
        Assert.Contains(launches, l => l.At - l.Intended >= TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsDispatching()
    {
        var time = new FakeTimeProvider();
        using var cancel = new CancellationTokenSource();
        var start = time.GetTimestamp();
        var dispatcher = new OpenLoopDispatcher(new ArrivalSchedule(10, TimeSpan.Zero), TimeSpan.FromSeconds(10), time, (wait, _) =>
        {
            time.Advance(wait);
            return Task.CompletedTask;
        });
        var count = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dispatcher.RunAsync(start, (_, _) =>
        {
            if (++count == 5)
            {
                cancel.Cancel();
            }
            return Task.CompletedTask;
        }, cancel.Token));

        Assert.Equal(5, count);
    }
}
