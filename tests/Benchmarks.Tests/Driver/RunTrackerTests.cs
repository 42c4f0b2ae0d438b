using Fencepost.Benchmarks.Driver;

namespace Fencepost.Benchmarks.Tests.Driver;

public class RunTrackerTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Totals_WarmupWorkflowCompletingInWindow_IsExcluded()
    {
        var tracker = new RunTracker(warmup: S(2), duration: S(5), drainTimeout: S(5));

        tracker.Offered(S(1.5));
        tracker.Accepted(S(1.5), S(1.6));
        tracker.Completed(S(1.5), S(3));

        Assert.Equal(new RunTotals(0, 0, 0, 0), tracker.Totals);
        Assert.Null(tracker.EndToEnd.Summarize(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void Totals_OneOfEachOutcome_StartedEqualsCompletedPlusFailedPlusLost()
    {
        var tracker = new RunTracker(S(0), S(10), S(5));
        tracker.Offered(S(1));
        tracker.Offered(S(2));
        tracker.Offered(S(3));
        tracker.Completed(S(1), S(1.2));
        tracker.Failed(S(2), S(2.5), new InvalidOperationException("boom"));

        var totals = tracker.Totals;

        Assert.Equal(3, totals.Started);
        Assert.Equal(1, totals.Completed);
        Assert.Equal(1, totals.Failed);
        Assert.Equal(1, totals.Lost);
        Assert.Equal(totals.Started, totals.Completed + totals.Failed + totals.Lost);
    }

    [Fact]
    public void EndToEnd_LateStart_MeasuredFromIntendedStart()
    {
        var tracker = new RunTracker(S(0), S(10), S(5));
        tracker.Offered(S(1));
        // Accepted 400 ms late and completed 100 ms after that: the latency is 500 ms, not 100.
        tracker.Accepted(S(1), S(1.4));
        tracker.Completed(S(1), S(1.5));

        var summary = tracker.EndToEnd.Summarize(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        var start = tracker.StartLatency.Summarize(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

        Assert.NotNull(summary);
        Assert.InRange(summary.P50Milliseconds, 499, 501);
        Assert.NotNull(start);
        Assert.InRange(start.P50Milliseconds, 399, 401);
    }

    [Fact]
    public void Series_EventsInDifferentSeconds_FiledByWhenTheyHappenedWithEmptySecondsKept()
    {
        var tracker = new RunTracker(S(1), S(3), S(2));
        tracker.Offered(S(0.5));
        tracker.Accepted(S(0.5), S(0.7));
        tracker.Offered(S(1.5));
        tracker.Accepted(S(1.5), S(2.1));
        tracker.Completed(S(0.5), S(3.2));
        tracker.Failed(S(1.5), S(3.9), new TimeoutException("slow"));

        var series = tracker.Series(S(5));

        Assert.Equal(
            [
                new PerSecondSample(0, 1, 1, 0, 0) { Backlog = 1 },
                new PerSecondSample(1, 1, 0, 0, 0) { Backlog = 2 },
                new PerSecondSample(2, 0, 1, 0, 0) { Backlog = 2 },
                new PerSecondSample(3, 0, 0, 1, 1) { Backlog = 0 },
                new PerSecondSample(4, 0, 0, 0, 0) { Backlog = 0 },
            ],
            series);
    }

    [Fact]
    public void Failures_WrappedErrors_DescribedByInnermostCauseMostFrequentFirst()
    {
        var tracker = new RunTracker(S(0), S(10), S(5));
        for (var i = 0; i < 3; i++)
        {
            tracker.Offered(S(1));
            tracker.Failed(S(1), S(2), new InvalidOperationException("workflow failed", new TimeoutException("activity timed out\nstack")));
        }
        tracker.Offered(S(1));
        tracker.Failed(S(1), S(2), new ArgumentException("bad"));

        Assert.Equal(
            [new FailureCount("TimeoutException: activity timed out", 3), new FailureCount("ArgumentException: bad", 1)],
            tracker.Failures);
    }

    [Fact]
    public void Failures_ManyDistinctKinds_CappedWithTheRestFoldedTogether()
    {
        var tracker = new RunTracker(S(0), S(10), S(5));
        for (var i = 0; i < 30; i++)
        {
            tracker.Offered(S(1));
            tracker.Failed(S(1), S(2), new InvalidOperationException($"kind {i}"));
        }

        Assert.Equal(21, tracker.Failures.Count);
        Assert.Equal(10, tracker.Failures.Single(f => f.Kind == "(other kinds)").Count);
        Assert.Equal(30, tracker.Failures.Sum(f => f.Count));
    }

    [Fact]
    public async Task Totals_ConcurrentWriters_CountEveryEventExactlyOnce()
    {
        var tracker = new RunTracker(S(0), S(100), S(5));
        const int writers = 8;
        const int perWriter = 5_000;
        using var gate = new Barrier(writers);

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(() =>
        {
            gate.SignalAndWait();
            for (var i = 0; i < perWriter; i++)
            {
                var intended = S((i % 90) + 1);
                tracker.Offered(intended);
                tracker.Accepted(intended, intended);
                if (i % 10 == 0)
                {
                    tracker.Failed(intended, intended + S(0.1), new InvalidOperationException("x"));
                }
                else
                {
                    tracker.Completed(intended, intended + S(0.1));
                }
            }
        })));

        var totals = tracker.Totals;
        Assert.Equal(writers * perWriter, totals.Started);
        Assert.Equal(writers * perWriter / 10, totals.Failed);
        Assert.Equal(writers * perWriter * 9 / 10, totals.Completed);
        Assert.Equal(0, totals.Lost);
        Assert.Equal(totals.Completed, tracker.EndToEnd.Count);
        Assert.Equal(writers * perWriter, tracker.Series(S(105)).Sum(s => s.Offered));
    }

    [Fact]
    public void Series_EngineSamples_FiledPerSecondAndUnknownWhenNeverSampled()
    {
        var tracker = new RunTracker(S(0), S(3), S(0));
        Assert.All(tracker.Series(S(3)), s => Assert.Null(s.Conflicts));

        tracker.EngineSample(S(0.9), conflicts: 2, retries: 2, poolWaits: null);
        tracker.EngineSample(S(2.1), conflicts: 5, retries: 4, poolWaits: null);

        var series = tracker.Series(S(3));
        Assert.Equal([2L, 0L, 5L], series.Select(s => s.Conflicts!.Value));
        Assert.Equal([2L, 0L, 4L], series.Select(s => s.Retries!.Value));
        Assert.All(series, s => Assert.Null(s.PoolWaits));
    }
}
