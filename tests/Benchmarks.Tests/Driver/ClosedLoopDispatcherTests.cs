using System.Threading.Channels;
using Fencepost.Benchmarks.Driver;
using Microsoft.Extensions.Time.Testing;

namespace Fencepost.Benchmarks.Tests.Driver;

public class ClosedLoopDispatcherTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Start_ThreeSlots_KeepsExactlyThreeInFlightAndStartsNextOnCompletion()
    {
        var time = new FakeTimeProvider();
        var requests = Channel.CreateUnbounded<(long Index, TaskCompletionSource Done)>();
        var dispatcher = new ClosedLoopDispatcher(3, TimeSpan.FromSeconds(5), time);

        var slots = dispatcher.Start(time.GetTimestamp(), (index, _) =>
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            requests.Writer.TryWrite((index, done));
            return done.Task;
        }, CancellationToken.None);

        var first = new List<(long Index, TaskCompletionSource Done)>();
        for (var i = 0; i < 3; i++)
        {
            first.Add(await requests.Reader.ReadAsync().AsTask().WaitAsync(Timeout));
        }
        Assert.False(requests.Reader.TryRead(out _), "A fourth workflow started while three were in flight.");

        first[0].Done.SetResult();
        var next = await requests.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal(3, next.Index);

        // Past the run length, finishing the in-flight ones ends every slot without starting more.
        time.Advance(TimeSpan.FromSeconds(5));
        first[1].Done.SetResult();
        first[2].Done.SetResult();
        next.Done.SetResult();
        await Task.WhenAll(slots).WaitAsync(Timeout);
        Assert.False(requests.Reader.TryRead(out _), "A workflow started after the run length had passed.");
    }
}
