using Fencepost.Engine.Hosting;
using Fencepost.TestUtilities.Logging;
using Fencepost.TestUtilities.Time;
using Microsoft.Extensions.Logging;

namespace Fencepost.Engine.Tests.Hosting;

/// <summary>A background loop that fails is logged and started again; it never ends silently.</summary>
public sealed class SupervisedLoopTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RunAsync_LoopThrows_LogsErrorWithCauseAndRestarts()
    {
        var time = new TimerWatchingTimeProvider(DateTimeOffset.UnixEpoch);
        var logger = new CapturingLogger();
        using var stop = new CancellationTokenSource();
        var runs = 0;
        var secondRun = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var supervised = SupervisedLoop.RunAsync("test loop", async token =>
        {
            if (Interlocked.Increment(ref runs) == 1)
            {
                throw new InvalidOperationException("boom");
            }
            secondRun.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
        }, logger, time, stop.Token);

        var logged = await logger.WaitForAsync(e => e.Level == LogLevel.Error, Wait);
        Assert.Contains("test loop", logged.Message, StringComparison.Ordinal);
        Assert.Equal("boom", Assert.IsType<InvalidOperationException>(logged.Exception).Message);
        await time.WaitUntilArmedAsync(SupervisedLoop.RestartDelay, Wait);
        time.Advance(SupervisedLoop.RestartDelay);
        await secondRun.Task.WaitAsync(Wait);

        await stop.CancelAsync();
        await supervised.WaitAsync(Wait);
        Assert.Single(logger.Entries);
    }

    [Fact]
    public async Task RunAsync_LoopReturns_EndsWithoutLogging()
    {
        var logger = new CapturingLogger();

        await SupervisedLoop.RunAsync("test loop", _ => Task.CompletedTask, logger, TimeProvider.System, CancellationToken.None).WaitAsync(Wait);

        Assert.Empty(logger.Entries);
    }
}
