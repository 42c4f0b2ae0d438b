using Fencepost.ConsoleWeb.Live;
using Fencepost.Engine.Configuration.Dynamic;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Fencepost.ConsoleWeb.Tests.Live;

public sealed class ConsoleOverheadMeterTests
{
    /// <summary>A CPU clock the test moves by hand.</summary>
    private sealed class ManualClock
    {
        public TimeSpan Now { get; set; }
    }

    /// <summary>A read that burns 30 ms of (manual) CPU, then waits for <see cref="Release"/>, then burns 500 ms more after the wait.</summary>
    private sealed class SlowSource(ManualClock cpu, IConsoleOverheadMeter meter)
        : PolledLiveSource<string>(new InMemoryDynamicConfig(), new FakeTimeProvider(), NullLogger.Instance, meter)
    {
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override string Name => "slow";

        protected override async Task<string> ReadAsync(CancellationToken cancellationToken)
        {
            cpu.Now += TimeSpan.FromMilliseconds(30);
            await Release.Task;
            return "data";
        }
    }

    [Fact]
    public async Task RefreshAsync_ReadAndPush_SynchronousPartsCountedAsConsoleCpu()
    {
        var cpu = new ManualClock();
        var meter = new ConsoleOverheadMeter(() => cpu.Now);
        using var source = new SlowSource(cpu, meter);
        source.Release.SetResult();

        var pushes = 0;
        using var subscription = source.Subscribe(() =>
        {
            pushes++;
            cpu.Now += TimeSpan.FromMilliseconds(20);
            return Task.CompletedTask;
        });
        var before = meter.BusyTime;
        await source.RefreshAsync();

        Assert.Equal(TimeSpan.FromMilliseconds(50), meter.BusyTime - before);
        Assert.True(pushes >= 1, "The subscriber was never pushed to.");
    }

    [Fact]
    public async Task RefreshAsync_ReadWaitsOnTheStore_WaitNotCounted()
    {
        var cpu = new ManualClock();
        var meter = new ConsoleOverheadMeter(() => cpu.Now);
        using var source = new SlowSource(cpu, meter);

        var refresh = source.RefreshAsync();
        cpu.Now += TimeSpan.FromSeconds(5); // another thread's work while the read waits
        source.Release.SetResult();
        await refresh;

        Assert.Equal(TimeSpan.FromMilliseconds(30), meter.BusyTime);
    }

    [Fact]
    public void BusyTime_NoSubscriber_StaysZero()
    {
        var cpu = new ManualClock();
        var meter = new ConsoleOverheadMeter(() => cpu.Now);
        using var source = new SlowSource(cpu, meter);

        cpu.Now += TimeSpan.FromMinutes(1);

        Assert.Equal(TimeSpan.Zero, meter.BusyTime);
    }
}
